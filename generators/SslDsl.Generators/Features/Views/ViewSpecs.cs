using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Views(n)]: how many augmented copies of each sample the step draws.</summary>
    internal sealed record ViewsSpec(int Count)
    {
        public static ViewsSpec Resolve(AttributeModel a) => new(a.Int("Count", 2));
    }

    /// <summary>[MultiCrop] with defaults applied; a size of 0 is resolved against the input by <see cref="SizedFor"/>.</summary>
    internal sealed record MultiCropSpec(int GlobalCount, int GlobalSize, int LocalCount, int LocalSize, double GlobalMinScale, double LocalMinScale)
    {
        /// <summary>
        /// Sizes for an input whose shorter side is <paramref name="side"/>: global crops keep it, local crops take 3/7 of
        /// it (96 of 224 px in DINO and SwAV).
        /// </summary>
        public MultiCropSpec SizedFor(int side) => this with
        {
            GlobalSize = GlobalSize == 0 ? side : GlobalSize,
            LocalSize = LocalSize == 0 ? System.Math.Max(1, (int)System.Math.Round(side * 3.0 / 7.0)) : LocalSize,
        };

        public static MultiCropSpec Resolve(AttributeModel a) => new(
            a.Int("GlobalCount", SslDefaults.MultiCropGlobalCount), a.Int("GlobalSize", 0), a.Int("LocalCount", SslDefaults.MultiCropLocalCount), a.Int("LocalSize", 0),
            a.Number("GlobalMinScale", SslDefaults.MultiCropGlobalMinScale), a.Number("LocalMinScale", SslDefaults.MultiCropLocalMinScale));
    }
}
