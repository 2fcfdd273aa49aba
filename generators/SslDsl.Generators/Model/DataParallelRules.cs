using System.Collections.Generic;
using SslDsl.Generators.Features;

namespace SslDsl.Generators.Model
{
    /// <summary>
    /// SSL0031 (warning): <c>[DataParallel(SyncBatchNorm = true)]</c> on an experiment none of whose networks has a
    /// BatchNorm layer (transformers, ViT, an MLP without hidden layers, a one-layer projector and no predictor): the
    /// option would do nothing. A [CustomEncoder] may have BatchNorm layers, so it is not reported.
    /// </summary>
    internal static class DataParallelRules
    {
        public static void Check(ExperimentModel model, List<RuleViolation> found)
        {
            if (model.Named("DataParallel") is not { } parallel || !DataParallelSpec.Resolve(parallel).SyncBatchNorm || MayHaveBatchNorm(model))
            {
                return;
            }

            found.Add(new RuleViolation(DiagnosticIds.SyncBatchNormWithoutBatchNorm, parallel.Index, "SyncBatchNorm",
                "[DataParallel] SyncBatchNorm = true has nothing to synchronise: none of this experiment's networks has a BatchNorm layer; remove SyncBatchNorm"));
        }

        private static bool MayHaveBatchNorm(ExperimentModel model)
        {
            bool encoder = model.Single(AttributeFamily.Encoder) is not { } written || AttributeSpecs.Resolve<EncoderSpec>(written) switch
            {
                ResNetSpec or ConvNetSpec or TemporalConvNetSpec or CustomEncoderSpec => true,
                MlpSpec mlp => mlp.Hidden.Count > 0,
                _ => false,
            };
            bool projector = model.Named("Projector") is { } p && ProjectorSpec.Resolve(p).Layers > 1; // hidden layers: Linear, BatchNorm, ReLU
            return encoder || projector || model.Named("Predictor") is not null; // the predictor has a BatchNorm hidden layer
        }
    }
}
