using System;
using System.Buffers.Binary;
using System.IO;

namespace SslDsl.Data;

/// <summary>
/// SciPy's electrocardiogram excerpt (<c>scipy.misc.electrocardiogram()</c>, shipped as <c>scipy/misc/ecg.dat</c>,
/// e.g. in Debian's <c>python3-scipy</c> 1.10.1): 5 minutes (19:35 to 24:35) of record 208, lead MLII, of the
/// MIT-BIH Arrhythmia Database on PhysioNet (Moody and Mark 2001; ODC-BY 1.0), 108,000 samples at 360 Hz, with
/// normal beats, premature ventricular contractions and noise artefacts. The file is a NumPy <c>.npz</c> archive whose
/// array <c>ecg</c> holds the raw 11-bit ADC readings as little-endian uint16; SciPy converts them to millivolts as
/// <c>(value − 1024) / 200</c>, which <see cref="Load"/> does too (float32).
/// </summary>
public static class Electrocardiogram
{
    /// <summary>The file name in SciPy and in the folder the fetch script fills.</summary>
    public const string FileName = "ecg.dat";

    /// <summary>The array's name in the archive (the entry <c>ecg.npy</c>).</summary>
    public const string ArrayName = "ecg";

    /// <summary>Samples per second.</summary>
    public const int SampleRate = 360;

    /// <summary>Samples in SciPy's excerpt (5 minutes); <see cref="Load"/> accepts any non-empty length.</summary>
    public const int ExcerptLength = 108_000;

    /// <summary>The ADC reading of 0 mV (MIT-BIH: 11-bit ADC, zero at 1024).</summary>
    public const int AdcZero = 1024;

    /// <summary>ADC units per millivolt.</summary>
    public const double AdcGain = 200.0;

    /// <summary>The largest reading an 11-bit ADC gives.</summary>
    public const int AdcMax = 2047;

    /// <summary>Reads the signal in millivolts from <c>ecg.dat</c> (a folder holding it, or the file; a plain <c>.npy</c> file is read as well).</summary>
    /// <exception cref="FileNotFoundException">Neither the file nor a folder with <see cref="FileName"/> exists.</exception>
    /// <exception cref="InvalidDataException">The file is not such an archive, or its array is not a 1-D uint16 array of 11-bit readings (the message names the file and the problem).</exception>
    public static float[] Load(string path)
    {
        ushort[] readings = ReadAdc(path);
        var millivolts = new float[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            millivolts[i] = (float)((readings[i] - AdcZero) / AdcGain);
        }

        return millivolts;
    }

    /// <summary>The raw ADC readings (0 … <see cref="AdcMax"/>), as stored.</summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static ushort[] ReadAdc(string path)
    {
        string file = Locate(path);
        NpyArray array = Path.GetExtension(file).Equals(".npy", StringComparison.OrdinalIgnoreCase)
            ? ReadNpy(file)
            : Npy.ReadFromArchive(file, ArrayName);
        string source = $"ECG file '{file}'";
        if (array.Descr is not ("<u2" or ">u2"))
        {
            throw new InvalidDataException($"{source}: the array '{ArrayName}' has dtype '{array.Descr}', expected '<u2' (uint16 ADC readings).");
        }

        if (array.Shape.Count != 1 || array.Shape[0] == 0)
        {
            throw new InvalidDataException($"{source}: the array '{ArrayName}' has shape ({string.Join(", ", array.Shape)}), expected one non-empty dimension (the samples).");
        }

        bool bigEndian = array.Descr[0] == '>';
        var readings = new ushort[array.Shape[0]];
        for (int i = 0; i < readings.Length; i++)
        {
            ReadOnlySpan<byte> bytes = array.Data.AsSpan(2 * i, 2);
            ushort value = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            if (value > AdcMax)
            {
                throw new InvalidDataException($"{source}: sample {i} reads {value}, above the 11-bit ADC's {AdcMax}; not MIT-BIH ADC readings.");
            }

            readings[i] = value;
        }

        return readings;
    }

    private static NpyArray ReadNpy(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Npy.Read(stream, $"'{file}'");
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
            string candidate = Path.Combine(path, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            throw new FileNotFoundException($"ECG data missing: no {FileName} in '{Path.GetFullPath(path)}'.", candidate);
        }

        throw new FileNotFoundException($"ECG data not found: '{path}' is neither a file nor a folder holding {FileName}.", path);
    }
}
