// Defaults of the sensor (multichannel time-series) and token augmentations.
namespace SslDsl
{
    internal static partial class SslDefaults
    {
        // Sensor augmentations (Um et al. 2017; the defaults of Iwana & Uchida 2021's time_series_augmentation)
        public const double SensorJitterStd = 0.03;
        public const double SensorScalingStd = 0.1;
        public const double MagnitudeWarpStd = 0.2;
        public const int MagnitudeWarpKnots = 4;
        public const double TimeWarpStd = 0.2;
        public const int TimeWarpKnots = 4;

        // Whole-channel dropout (SpatialDropout, Tompson et al. 2015) and one time mask (SpecAugment, Park et al. 2019)
        public const double ChannelDropoutRate = 0.2;
        public const double TimeMaskMaxFraction = 0.2;

        // Window slicing (Le Guennec et al. 2016): the window is stretched back to the input length by default
        public const bool WindowCropResizeBack = true;

        // Word dropout (Bowman et al. 2016): replace 10 % of the tokens with id 0, never the special ids 0..3
        public const double TokenDropoutRate = 0.1;
        public const int TokenDropoutReplacementId = 0;

        // A literal, not SpecialTokenIds: static initialisers of partial files run in no defined order.
        public static readonly int[] TokenDropoutProtectedIds = { 0, 1, 2, 3 };
    }
}
