using System.CommandLine;
using BrainMriSample;
using SslDsl.Samples;

// Region accuracy and convergence on patches of one real T1 brain MRI (Colin27 "ch2", labelled by the AAL atlas for
// evaluation only): random init, a CNN pretrained on Fashion-MNIST only, the same CNN further pretrained on MRI patches
// with medical augmentations, SimCLR on MRI patches with the generic image pipeline, and MAE on MRI patches.

var dataOption = new Option<string?>("--data") { Description = "Folder with ch2.nii.gz and aal.nii.gz (default: .data/brain-mri in the repository; samples/scripts/fetch-brain-mri.sh fills it)" };
var fashionOption = new Option<string?>("--fashion-mnist") { Description = "Folder with the four Fashion-MNIST .gz files (default: .data/fashion-mnist; samples/scripts/fetch-fashion-mnist.sh)" };
var outputOption = new Option<string>("--output") { Description = "Folder for the run reports, the convergence figure, the tables and the result JSON", DefaultValueFactory = _ => Path.Combine("samples", "output") };
var longOption = new Option<bool>("--long") { Description = "The longer run: 4× the pretraining epochs (about 40 minutes on 2 CPU cores)" };
var fashionEpochsOption = new Option<int?>("--fashion-epochs") { Description = "Fashion-MNIST pretraining epochs (default 2, --long 8)" };
var mriEpochsOption = new Option<int?>("--mri-epochs") { Description = "Pretraining epochs on MRI patches, per variant (default 4, --long 16)" };
var fashionImagesOption = new Option<int>("--fashion-images") { Description = "Fashion-MNIST training images used for pretraining (the first N)", DefaultValueFactory = _ => 8_000 };
var strideOption = new Option<int>("--stride") { Description = "In-plane step between patches (voxels)", DefaultValueFactory = _ => 8 };
var sliceStepOption = new Option<int>("--slice-step") { Description = "Cut every N-th axial slice of a slab", DefaultValueFactory = _ => 2 };
var splitOption = new Option<string>("--split") { Description = "hemispheres (train left, test right, --gap sagittal slices around the midline unused) or slabs (alternating axial slabs)", DefaultValueFactory = _ => "hemispheres" };
var trainSlabOption = new Option<int>("--train-slab") { Description = "With --split slabs: slices per training slab", DefaultValueFactory = _ => 30 };
var testSlabOption = new Option<int>("--test-slab") { Description = "With --split slabs: slices per test slab", DefaultValueFactory = _ => 12 };
var gapOption = new Option<int>("--gap") { Description = "Slices left out between training and test patches (at least the patch size: no neighbours)", DefaultValueFactory = _ => 28 };
var knnTargetOption = new Option<double>("--knn-target") { Description = "kNN top-1 whose pretraining time the table reports", DefaultValueFactory = _ => 0.7 };
var deviceOption = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var seedOption = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };

var root = new RootCommand("Self-supervised pretraining on brain MRI patches with SslDsl; prints RESULT {json} last.")
{
    dataOption, fashionOption, outputOption, longOption, fashionEpochsOption, mriEpochsOption, fashionImagesOption, strideOption, sliceStepOption,
    splitOption, trainSlabOption, testSlabOption, gapOption, knnTargetOption, deviceOption, seedOption,
};
root.SetAction(parse =>
{
    bool isLong = parse.GetValue(longOption);
    return BrainMriRun.Run(new BrainMriOptions(
        parse.GetValue(dataOption) ?? SampleDataSet.BrainMri.DefaultFolder(),
        parse.GetValue(fashionOption) ?? SampleDataSet.FashionMnist.DefaultFolder(),
        parse.GetValue(outputOption)!,
        parse.GetValue(fashionEpochsOption) ?? (isLong ? 8 : 2),
        parse.GetValue(mriEpochsOption) ?? (isLong ? 16 : 4),
        parse.GetValue(fashionImagesOption),
        new PatchProtocol(Size: 28, parse.GetValue(strideOption), parse.GetValue(sliceStepOption), MinLabelled: 0.5, SplitKind(parse.GetValue(splitOption)!), parse.GetValue(trainSlabOption), parse.GetValue(testSlabOption), parse.GetValue(gapOption)),
        parse.GetValue(knnTargetOption),
        parse.GetValue(deviceOption)!,
        parse.GetValue(seedOption)));
});
return root.Parse(args).Invoke();

static PatchSplitKind SplitKind(string option) => option switch
{
    "hemispheres" => PatchSplitKind.Hemispheres,
    "slabs" => PatchSplitKind.AxialSlabs,
    _ => throw new ArgumentException($"--split must be hemispheres or slabs, not '{option}'"),
};

/// <param name="FashionEpochs">Epochs of the Fashion-MNIST pretraining (stage one of the continued variant).</param>
/// <param name="MriEpochs">Epochs of each pretraining on MRI patches.</param>
internal sealed record BrainMriOptions(
    string Data, string FashionMnist, string Output, int FashionEpochs, int MriEpochs, int FashionImages, PatchProtocol Patches, double KnnTarget, string Device, int Seed);
