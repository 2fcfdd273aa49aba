using System.CommandLine;
using AugmentationGridSample;

// Writes a PNG grid of original and augmented views of a real batch, so a person can look at an augmentation
// pipeline: images (Fashion-MNIST through SimCLR's augmentations), medical (axial slices of the Colin27 brain MRI
// through the medical augmentations) or sensors (humidity/temperature windows of the sensor-network motes through
// the time-series augmentations). Missing data is fetched with the repository's scripts.

var modalityOption = new Option<string>("--modality") { Description = "images, medical or sensors", Required = true };
modalityOption.AcceptOnlyFromAmong("images", "medical", "sensors");
var outputOption = new Option<string?>("--output") { Description = "The PNG to write (default: out/augmentations/<modality>.png)" };
var countOption = new Option<int>("--count") { Description = "Samples (rows) in the grid", DefaultValueFactory = _ => 8 };
var seedOption = new Option<int>("--seed") { Description = "Seed for the sample choice and the augmentations", DefaultValueFactory = _ => 0 };
var dataOption = new Option<string?>("--data") { Description = "Data folder (default: the fetch script's folder under .data/ in the repository)" };

var root = new RootCommand("Writes a PNG grid of original and augmented views (images, medical or sensors).")
{
    modalityOption, outputOption, countOption, seedOption, dataOption,
};
root.SetAction(parse =>
{
    string modality = parse.GetValue(modalityOption)!;
    var options = new GridOptions(
        modality,
        parse.GetValue(outputOption) ?? Path.Combine("out", "augmentations", modality + ".png"),
        parse.GetValue(countOption),
        parse.GetValue(seedOption),
        parse.GetValue(dataOption));
    return GridCommand.Run(options);
});
return root.Parse(args).Invoke();
