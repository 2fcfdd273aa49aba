namespace AugmentationGridSample;

/// <summary>The command line of the sample.</summary>
/// <param name="Modality">images, medical or sensors.</param>
/// <param name="Output">The PNG to write.</param>
/// <param name="Count">Samples (rows).</param>
/// <param name="Seed">Seed for the sample choice and the augmentations.</param>
/// <param name="Data">The data folder, or null for the repository default.</param>
internal sealed record GridOptions(string Modality, string Output, int Count, int Seed, string? Data);
