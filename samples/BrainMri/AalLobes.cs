using System.Globalization;

namespace BrainMriSample;

/// <summary>
/// The evaluation classes: the 116 AAL regions grouped into 8 lobes. 116 classes would leave most regions with a
/// handful of 28 × 28 patches in the test slabs (a probe on 1 % of the labels would see none of many); lobes keep
/// every class at dozens to thousands of patches while still asking for anatomy, not for brightness alone.
/// </summary>
internal static class AalLobes
{
    public static readonly string[] Names =
    {
        "frontal", "insula", "limbic", "occipital", "parietal", "deep grey", "temporal", "cerebellum",
    };

    public static int Count => Names.Length;

    // AAL-116 numbers its regions lobe by lobe (Tzourio-Mazoyer et al. 2002); aal.nii.txt says the same with its codes,
    // whose thousands digit is the lobe: 2 frontal, 3 insula, 4 limbic, 5 occipital, 6 parietal, 7 deep grey (basal
    // ganglia, thalamus), 8 temporal, 9 cerebellum and vermis. The label ranges work without the names file (fixtures);
    // CheckNames verifies them against it when it is there.
    private static readonly (int First, int Last)[] Ranges =
    {
        (1, 28), (29, 30), (31, 42), (43, 56), (57, 70), (71, 78), (79, 90), (91, 116),
    };

    /// <summary>The lobe index of AAL label <paramref name="label"/>, or -1 for background (0).</summary>
    /// <exception cref="InvalidDataException">The label is not an AAL-116 label.</exception>
    public static int LobeOf(int label, string atlasPath)
    {
        if (label == 0)
        {
            return -1;
        }

        for (int lobe = 0; lobe < Ranges.Length; lobe++)
        {
            if (label >= Ranges[lobe].First && label <= Ranges[lobe].Last)
            {
                return lobe;
            }
        }

        throw new InvalidDataException($"Atlas '{atlasPath}' holds label {label}; the AAL atlas has labels 1..116 (is it aal.nii.gz?).");
    }

    /// <summary>Checks that the names file's codes put every label in the lobe <see cref="LobeOf"/> gives it.</summary>
    /// <exception cref="InvalidDataException">A line is malformed or a label's code names another lobe.</exception>
    public static void CheckNames(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length < 3 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label)
                || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int code))
            {
                throw new InvalidDataException($"'{path}', line {lineNumber}: expected 'label name code', got '{line.Trim()}'.");
            }

            int lobe = LobeOf(label, path);
            if (code / 1000 - 2 != lobe)
            {
                throw new InvalidDataException($"'{path}', line {lineNumber}: {parts[1]} (label {label}) has code {code}, but this sample groups label {label} into the {Names[lobe]} lobe; the file is not the AAL-116 this sample knows.");
            }
        }
    }
}
