using SslDsl.Data;
using static TorchSharp.torch;

namespace BrainMriSample;

/// <summary>
/// How patches are cut and split so that no test patch is a neighbour of a training patch: by sagittal slice ranges
/// (<see cref="PatchSplitKind.Hemispheres"/>, the default) — training patches lie wholly in the left hemisphere, test
/// patches wholly in the right, with Gap sagittal slices around the midline that neither touches; the lobes are
/// bilateral, so both sides hold every class, and test patches are mirrored left–right so that their midline faces
/// the same way as in training (a probe is not asked to generalise across a flip) — or by axial slabs (<see cref="PatchSplitKind.AxialSlabs"/>), repeating
/// train (TrainSlab slices), gap (Gap), test (TestSlab), gap (Gap) along z. On the 1 mm ch2 grid a gap of a patch width
/// leaves slabs so thick that whole lobes fall on one side (no insula or deep grey to train on, no parietal to test),
/// which is why the default splits left from right.
/// </summary>
internal sealed record PatchProtocol(int Size, int Stride, int SliceStep, double MinLabelled, PatchSplitKind Split, int TrainSlab, int TestSlab, int Gap)
{
    public int Period => TrainSlab + Gap + TestSlab + Gap;

    public override string ToString() =>
        $"{Size}×{Size} patches from axial slices, stride {Stride}, every {SliceStep}. slice, ≥ {MinLabelled:P0} of a patch labelled; " +
        (Split == PatchSplitKind.Hemispheres
            ? $"train: left hemisphere, test: right, {Gap} sagittal slices around the midline unused"
            : $"axial slabs of {TrainSlab} train / {Gap} gap / {TestSlab} test / {Gap} gap slices");
}

/// <summary>Along which slices training and test patches are separated (see <see cref="PatchProtocol"/>).</summary>
internal enum PatchSplitKind
{
    Hemispheres,
    AxialSlabs,
}

/// <summary>Labelled patches of the training and the test slabs: float32 <c>[N, 1, S, S]</c> in [0, 1], lobe labels int64.</summary>
internal sealed class PatchSplit : IDisposable
{
    public PatchSplit(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels, IReadOnlyList<int> trainSlices, IReadOnlyList<int> testSlices)
    {
        TrainImages = trainImages.DetachFromDisposeScope();
        TrainLabels = trainLabels.DetachFromDisposeScope();
        TestImages = testImages.DetachFromDisposeScope();
        TestLabels = testLabels.DetachFromDisposeScope();
        TrainSlices = trainSlices;
        TestSlices = testSlices;
    }

    public Tensor TrainImages { get; }

    public Tensor TrainLabels { get; }

    public Tensor TestImages { get; }

    public Tensor TestLabels { get; }

    /// <summary>The z of the slices cut for training and for testing.</summary>
    public IReadOnlyList<int> TrainSlices { get; }

    public IReadOnlyList<int> TestSlices { get; }

    public int TrainCount => (int)TrainImages.shape[0];

    public int TestCount => (int)TestImages.shape[0];

    public static long[] ClassCounts(Tensor labels) => labels.bincount(null, AalLobes.Count).data<long>().ToArray();

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }
}

internal static class MriPatches
{
    /// <summary>
    /// Cuts <paramref name="protocol"/>'s patches from <paramref name="slices"/> (axial slices of the T1 volume, row 0
    /// anterior) and labels each by the most frequent lobe among its labelled voxels in <paramref name="atlas"/>
    /// (ties: the lower lobe index).
    /// </summary>
    /// <exception cref="InvalidDataException">The split leaves no training or no test patch (a volume too small for the slabs).</exception>
    public static PatchSplit Cut(MriSliceSet slices, NiftiVolume atlas, PatchProtocol protocol)
    {
        int sx = atlas.SizeX, sy = atlas.SizeY, s = protocol.Size;
        sbyte[] lobes = new sbyte[atlas.Data.Length];
        int firstLabelled = int.MaxValue;
        for (long i = 0; i < lobes.Length; i++)
        {
            float value = atlas.Data[i];
            if (value != MathF.Floor(value) || value < 0)
            {
                throw new InvalidDataException($"Atlas '{atlas.Header.Source}' holds {value} at voxel index {i}; atlas labels are whole numbers ≥ 0.");
            }

            lobes[i] = (sbyte)AalLobes.LobeOf((int)value, atlas.Header.Source);
            if (lobes[i] >= 0)
            {
                firstLabelled = Math.Min(firstLabelled, (int)(i / ((long)sx * sy)));
            }
        }

        if (firstLabelled == int.MaxValue)
        {
            throw new InvalidDataException($"Atlas '{atlas.Header.Source}' has no labelled voxel.");
        }

        int height = (int)slices.Images.shape[2], width = (int)slices.Images.shape[3];
        if (height != sy || width != sx)
        {
            throw new ArgumentException($"The slices are {height}×{width} but the atlas grid is {sy}×{sx}: cut the slices without resizing.");
        }

        var train = new PatchList(s);
        var test = new PatchList(s);
        var trainSlices = new List<int>();
        var testSlices = new List<int>();
        int minLabelled = (int)Math.Ceiling(protocol.MinLabelled * s * s);
        var counts = new int[AalLobes.Count];
        for (int n = 0; n < slices.Count; n++)
        {
            int z = slices.SliceIndices[n];
            if (z < firstLabelled || (z - firstLabelled) % protocol.SliceStep != 0)
            {
                continue;
            }

            PatchList? slabInto = protocol.Split == PatchSplitKind.Hemispheres ? null : SlabOf(z - firstLabelled, protocol, train, test);
            if (protocol.Split == PatchSplitKind.AxialSlabs && slabInto is null)
            {
                continue;
            }

            if (slabInto != test)
            {
                trainSlices.Add(z);
            }

            if (slabInto != train)
            {
                testSlices.Add(z);
            }

            float[] pixels = slices.Images[n, 0].data<float>().ToArray();
            long zOffset = (long)z * sx * sy;
            for (int top = 0; top + s <= height; top += protocol.Stride)
            {
                for (int left = 0; left + s <= width; left += protocol.Stride)
                {
                    PatchList? into = slabInto ?? HemisphereOf(left, s, width, protocol.Gap, train, test);
                    if (into is null)
                    {
                        continue;
                    }

                    Array.Clear(counts);
                    int labelled = 0;
                    for (int r = top; r < top + s; r++)
                    {
                        long row = zOffset + (long)sx * (sy - 1 - r); // image row 0 is the largest y (anterior)
                        for (int c = left; c < left + s; c++)
                        {
                            int lobe = lobes[row + c];
                            if (lobe >= 0)
                            {
                                counts[lobe]++;
                                labelled++;
                            }
                        }
                    }

                    if (labelled < minLabelled)
                    {
                        continue;
                    }

                    int best = 0;
                    for (int l = 1; l < counts.Length; l++)
                    {
                        best = counts[l] > counts[best] ? l : best;
                    }

                    into.Add(pixels, width, top, left, best, mirror: protocol.Split == PatchSplitKind.Hemispheres && into == test);
                }
            }
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException(
                $"{slices.Name}: {protocol} leaves {train.Count} training and {test.Count} test patches; the volume is too small for these slabs (lower --gap, or --train-slab and --test-slab with --split slabs).");
        }

        using var scope = NewDisposeScope();
        (Tensor trainImages, Tensor trainLabels) = train.ToTensors();
        (Tensor testImages, Tensor testLabels) = test.ToTensors();
        return new PatchSplit(trainImages, trainLabels, testImages, testLabels, trainSlices, testSlices);
    }

    /// <summary>The slab of a slice <paramref name="fromFirst"/> slices above the first labelled one, or null in a gap.</summary>
    private static PatchList? SlabOf(int fromFirst, PatchProtocol protocol, PatchList train, PatchList test)
    {
        int phase = fromFirst % protocol.Period;
        return phase < protocol.TrainSlab ? train
            : phase >= protocol.TrainSlab + protocol.Gap && phase < protocol.TrainSlab + protocol.Gap + protocol.TestSlab ? test
            : null;
    }

    /// <summary>
    /// Training when the patch's columns lie wholly left of the midline gap (x increases to the right in MNI space, so
    /// low columns are the left hemisphere), test when wholly right of it, else null.
    /// </summary>
    private static PatchList? HemisphereOf(int left, int size, int width, int gap, PatchList train, PatchList test)
    {
        int gapStart = (width - gap) / 2;
        return left + size <= gapStart ? train : left >= gapStart + gap ? test : null;
    }

    /// <summary>Patches gathered on the host, turned into tensors once.</summary>
    private sealed class PatchList(int size)
    {
        private readonly List<float> pixels = new();
        private readonly List<long> labels = new();

        public int Count => labels.Count;

        public void Add(float[] slice, int width, int top, int left, int label, bool mirror)
        {
            for (int r = top; r < top + size; r++)
            {
                var row = new ArraySegment<float>(slice, r * width + left, size);
                pixels.AddRange(mirror ? row.Reverse() : row);
            }

            labels.Add(label);
        }

        public (Tensor Images, Tensor Labels) ToTensors() =>
            (tensor(pixels.ToArray(), new long[] { Count, 1, size, size }), tensor(labels.ToArray(), new long[] { Count }));
    }
}
