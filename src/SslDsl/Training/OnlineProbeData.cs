using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>
    /// Labels for the online probe: <paramref name="Labels"/> has one entry per row of the data <c>Fit</c> pretrains on,
    /// -1 where the row is unlabelled (a fraction of labels is enough); the probe's top-1 is measured on the held-out
    /// <paramref name="TestImages"/> at every epoch end. Labels never reach the pretraining loss.
    /// </summary>
    public sealed record OnlineProbeData(Tensor Labels, Tensor TestImages, Tensor TestLabels, int Classes);
}
