namespace SslDsl.Benchmarks;

/// <summary>Sizes of the side-by-side comparison's three cases (the PyTorch script gets them on its command line).</summary>
public static class CompareWorkload
{
    public const int ResNetBatch = 256;
    public const int ConvNetBatch = 64;
    public const int ResNetProjectorHidden = 2048;
    public const int ConvNetProjectorHidden = 512;
    public const int ProjectorOutput = 128;
    public const double ByolMomentum = 0.996;
}
