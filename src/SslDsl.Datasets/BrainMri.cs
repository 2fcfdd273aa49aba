using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SslDsl.Data;

/// <summary>
/// The brain MRI templates and atlases of Debian's <c>mricron-data</c> package (MRIcron, Chris Rorden; BSD-3-clause
/// per Debian's copyright file), read from a folder the caller names that holds them (the package installs them in
/// <c>/usr/share/mricron/templates/</c>).
/// </summary>
/// <remarks>
/// The main volume is <see cref="T1File"/> (<c>ch2.nii.gz</c>): the Colin27 "ch2" single-subject T1-weighted
/// template (an average of 27 scans of one person) in MNI space, 181 × 217 × 181 uint8 voxels of 1 mm, identity
/// rotation (sform: x → right, y → anterior, z → superior). <see cref="AalFile"/> (AAL, 116 regions, names in
/// <c>aal.nii.txt</c>) and <see cref="BrodmannFile"/> (Brodmann areas 1..48, 41 of them present) share that grid.
/// </remarks>
public static class BrainMri
{
    /// <summary>The Colin27 T1 template (181 × 217 × 181, uint8, 1 mm, MNI space).</summary>
    public const string T1File = "ch2.nii.gz";

    /// <summary>The brain-extracted Colin27 template (same grid as <see cref="T1File"/>).</summary>
    public const string BrainExtractedT1File = "ch2bet.nii.gz";

    /// <summary>The AAL atlas (labels 1..116) on the grid of <see cref="T1File"/>.</summary>
    public const string AalFile = "aal.nii.gz";

    /// <summary>The region names of <see cref="AalFile"/>: lines "label name code".</summary>
    public const string AalNamesFile = "aal.nii.txt";

    /// <summary>The Brodmann-area atlas (labels 1..48) on the grid of <see cref="T1File"/>.</summary>
    public const string BrodmannFile = "brodmann.nii.gz";

    /// <summary>
    /// Reads <paramref name="volumeFile"/> (default <see cref="T1File"/>) and, unless <paramref name="atlasFile"/> is null,
    /// an atlas on the same grid (default <see cref="AalFile"/>) from <paramref name="folder"/>, and cuts axial slices.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static MriSliceSet LoadAxialSlices(string folder, MriSliceOptions? options = null, string volumeFile = T1File, string? atlasFile = AalFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(volumeFile);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"Brain MRI folder not found: '{Path.GetFullPath(folder)}'. Pass the folder that holds {volumeFile}" +
                (atlasFile is null ? "" : $" and {atlasFile}") + " (the Debian package mricron-data has them).");
        }

        NiftiVolume volume = Nifti.Read(Locate(folder, volumeFile));
        NiftiVolume? atlas = atlasFile is null ? null : Nifti.Read(Locate(folder, atlasFile));
        return MriSlices.Axial(volume, atlas, options);
    }

    /// <summary>
    /// Reads a label-name file such as <c>aal.nii.txt</c>: one region per line, "label name [code]" separated by
    /// white space. Blank lines are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">A line does not start with an integer label and a name, or repeats a label.</exception>
    public static IReadOnlyDictionary<int, string> ReadLabelNames(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Label-name file not found: '{path}'.", path);
        }

        var names = new Dictionary<int, string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label))
            {
                throw new InvalidDataException($"Label-name file '{path}', line {lineNumber}: expected 'label name [code]', got '{line.Trim()}'.");
            }

            if (!names.TryAdd(label, parts[1]))
            {
                throw new InvalidDataException($"Label-name file '{path}', line {lineNumber}: label {label} appears twice.");
            }
        }

        return names;
    }

    private static string Locate(string folder, string fileName)
    {
        string path = Path.Combine(folder, fileName);
        if (File.Exists(path))
        {
            return path;
        }

        throw new FileNotFoundException(
            $"Brain MRI file missing: '{Path.GetFullPath(path)}'. Pass the folder that holds {fileName} (a template or atlas of the Debian package mricron-data) or name another file.", path);
    }
}
