using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Training
{
    /// <summary>Labelled images the kNN monitor embeds during pretraining (labels are never used for training).</summary>
    public sealed record KnnMonitorData(Tensor TrainImages, Tensor TrainLabels, Tensor TestImages, Tensor TestLabels, int Classes);
}
