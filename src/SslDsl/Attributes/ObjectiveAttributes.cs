using System;

namespace SslDsl
{
    /// <summary>Base of the pretext objectives; exactly one per experiment.</summary>
    public abstract class ObjectiveAttribute : Attribute
    {
    }

    /// <summary>Base of objectives that compare views of one sample and so need at least two views.</summary>
    public abstract class MultiViewObjectiveAttribute : ObjectiveAttribute
    {
    }

    /// <summary>
    /// SimCLR's NT-Xent loss (Chen et al. 2020, eq. 1): each of the 2N projected views is classified against
    /// its positive among the 2N-1 others by cosine similarity / Temperature (default 0.5).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SimClrAttribute : MultiViewObjectiveAttribute
    {
        public double Temperature { get; set; } = SslDefaults.SimClrTemperature;
    }

    /// <summary>
    /// MoCo (He et al. 2020; v2: Chen et al. 2020; v3: Chen, Xie &amp; He 2021). A momentum encoder makes the keys.
    /// Version 2: a queue of QueueSize past keys are the negatives (InfoNCE at Temperature, default 0.2; queue
    /// 65536, momentum 0.999). Version 3: no queue, in-batch negatives, a predictor on the query side, loss × 2τ.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MoCoAttribute : MultiViewObjectiveAttribute
    {
        public int Version { get; set; } = SslDefaults.MoCoVersion;
        public int QueueSize { get; set; } = SslDefaults.MoCoQueueSize;
        public double Momentum { get; set; } = SslDefaults.MoCoMomentum;
        public double Temperature { get; set; } = SslDefaults.MoCoTemperature;
    }

    /// <summary>
    /// DINO (Caron et al. 2021): a student and an EMA teacher, each an encoder with a DINO head (MLP of width Hidden to a
    /// Bottleneck, L2 normalisation, OutDim weight-normalised prototypes); the student's softmax (StudentTemperature 0.1)
    /// on every view learns the teacher's centred, sharpened softmax (TeacherTemperature 0.04, rising from
    /// WarmupTeacherTemperature over WarmupTeacherEpochs) on the other global views; the centre follows the teacher's
    /// batch mean (CenterMomentum 0.9); the teacher's momentum rises from MomentumStart (0.996) to MomentumEnd (1) by a
    /// cosine. Use with [MultiCrop] (global crops for the teacher) or [Views]. The DINO head replaces [Projector].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class DinoAttribute : MultiViewObjectiveAttribute
    {
        public int OutDim { get; set; } = SslDefaults.DinoOutDim;
        public int Hidden { get; set; } = SslDefaults.DinoHidden;
        public int Bottleneck { get; set; } = SslDefaults.DinoBottleneck;
        public double StudentTemperature { get; set; } = SslDefaults.DinoStudentTemperature;
        public double TeacherTemperature { get; set; } = SslDefaults.DinoTeacherTemperature;
        public double WarmupTeacherTemperature { get; set; } = SslDefaults.DinoTeacherTemperature;
        public int WarmupTeacherEpochs { get; set; }
        public double CenterMomentum { get; set; } = SslDefaults.DinoCenterMomentum;
        public double MomentumStart { get; set; } = SslDefaults.DinoMomentumStart;
        public double MomentumEnd { get; set; } = 1.0;
    }

    /// <summary>
    /// SwAV (Caron et al. 2020): a projection MLP (Hidden, Output), L2 normalisation and Prototypes unit-norm prototype
    /// vectors; each global view's codes come from its scores by Sinkhorn–Knopp (Epsilon 0.05, SinkhornIterations 3,
    /// over the whole batch), and every other view predicts them (softmax at Temperature 0.1, swapped). The prototypes
    /// stay frozen for the first FreezePrototypesSteps optimizer steps (313). Use with [MultiCrop] or [Views]; the SwAV
    /// head replaces [Projector]. For small batches, QueueLength &gt; 0 (a multiple of the batch, e.g. 3840 for 256 as
    /// the official code) keeps the last QueueLength projections of each global view: from epoch QueueStartEpoch
    /// (0-based, 15) on, once it is full, Sinkhorn–Knopp also spreads them over the prototypes (the official
    /// --queue_length and --epoch_queue_starts). QueueLength 0 (the default) is no queue.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SwavAttribute : MultiViewObjectiveAttribute
    {
        public int Prototypes { get; set; } = SslDefaults.SwavPrototypes;
        public int Hidden { get; set; } = SslDefaults.SwavHidden;
        public int Output { get; set; } = SslDefaults.SwavOutput;
        public double Temperature { get; set; } = SslDefaults.SwavTemperature;
        public double Epsilon { get; set; } = SslDefaults.SwavEpsilon;
        public int SinkhornIterations { get; set; } = SslDefaults.SwavSinkhornIterations;
        public int FreezePrototypesSteps { get; set; } = SslDefaults.SwavFreezePrototypesSteps;
        public int QueueLength { get; set; } = SslDefaults.SwavQueueLength;
        public int QueueStartEpoch { get; set; } = SslDefaults.SwavQueueStartEpoch;
    }

    /// <summary>
    /// NNCLR (Dwibedi et al. 2021): each sample's projection is replaced by its nearest neighbour in a support set of
    /// SupportSize past projections (default 16384, a multiple of the batch), which must pick out the same sample's
    /// prediction of the other view among the batch's (InfoNCE at Temperature, default 0.1; symmetric). Needs
    /// <see cref="PredictorAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class NnclrAttribute : MultiViewObjectiveAttribute
    {
        public int SupportSize { get; set; } = SslDefaults.NnclrSupportSize;
        public double Temperature { get; set; } = SslDefaults.NnclrTemperature;
    }

    /// <summary>
    /// BYOL (Grill et al. 2020): the online network's prediction regresses the target network's projection of the
    /// other view (normalised MSE, symmetric). The target is an EMA of the online network whose momentum follows a
    /// cosine from MomentumStart (0.996) to MomentumEnd (1) over the optimizer steps. Needs <see cref="PredictorAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ByolAttribute : MultiViewObjectiveAttribute
    {
        public double MomentumStart { get; set; } = SslDefaults.ByolMomentumStart;
        public double MomentumEnd { get; set; } = SslDefaults.ByolMomentumEnd;
    }

    /// <summary>SimSiam (Chen &amp; He 2021): negative cosine between one view's prediction and the other's stop-gradient projection. Needs <see cref="PredictorAttribute"/>.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SimSiamAttribute : MultiViewObjectiveAttribute
    {
    }

    /// <summary>Barlow Twins (Zbontar et al. 2021): cross-correlation of batch-standardised projections towards identity; Lambda (0.0051) weighs the off-diagonal.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class BarlowTwinsAttribute : MultiViewObjectiveAttribute
    {
        public double Lambda { get; set; } = SslDefaults.BarlowTwinsLambda;
    }

    /// <summary>VICReg (Bardes et al. 2022): invariance (MSE), variance (hinge on the std at 1) and covariance terms, weighted 25 / 25 / 1.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class VicregAttribute : MultiViewObjectiveAttribute
    {
        public double Invariance { get; set; } = SslDefaults.VicregInvariance;
        public double Variance { get; set; } = SslDefaults.VicregVariance;
        public double Covariance { get; set; } = SslDefaults.VicregCovariance;
    }

    /// <summary>
    /// Masked autoencoder (He et al. 2022): a random MaskRatio (0.75) of the patches is hidden per sample, the ViT
    /// encodes only the visible ones, a light decoder (DecoderDim 512, DecoderDepth 8, DecoderHeads 16) predicts the
    /// pixels of the hidden ones; MSE on hidden patches only, of per-patch normalised pixels when NormalizePixels (default).
    /// Needs <see cref="VisionTransformerAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MaskedAutoencoderAttribute : ObjectiveAttribute
    {
        public double MaskRatio { get; set; } = SslDefaults.MaeMaskRatio;
        public bool NormalizePixels { get; set; } = true;
        public int DecoderDim { get; set; } = SslDefaults.MaeDecoderDim;
        public int DecoderDepth { get; set; } = SslDefaults.MaeDecoderDepth;
        public int DecoderHeads { get; set; } = SslDefaults.MaeDecoderHeads;
    }

    /// <summary>
    /// Autoencoder: a linear decoder maps the embedding back to the whole input, MSE against the input before the
    /// augmentations (so declared augmentations make it a denoising autoencoder, Vincent et al. 2008).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class AutoencoderAttribute : ObjectiveAttribute
    {
    }

    /// <summary>
    /// Rotation prediction (Gidaris et al. 2018): every image is shown rotated by 0, 90, 180 and 270 degrees and a
    /// linear head classifies the rotation (4N labels per batch, cross-entropy). Needs square images.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class RotationPredictionAttribute : ObjectiveAttribute
    {
    }

    /// <summary>
    /// Masked language modelling (BERT, Devlin et al. 2019): MaskProbability (0.15) of the non-special tokens are
    /// selected; of those 80% become MaskTokenId, 10% a random ordinary token, 10% stay; cross-entropy on the selected
    /// positions only. Needs <see cref="TokenInputAttribute"/> and <see cref="TransformerEncoderAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MaskedLanguageModelAttribute : ObjectiveAttribute
    {
        public double MaskProbability { get; set; } = SslDefaults.MlmMaskProbability;
        public int MaskTokenId { get; set; } = SslDefaults.MlmMaskTokenId;
        public int[] SpecialTokenIds { get; set; } = (int[])SslDefaults.SpecialTokenIds.Clone();
    }

    /// <summary>
    /// Future-window prediction for sensor streams (contrastive predictive coding's regression form, as in TS forecasting
    /// pretext tasks): the encoder sees the first Context steps (0 = Length − Horizon), a linear head predicts every
    /// channel's next Horizon steps; MSE. Needs <see cref="SequenceInputAttribute"/>; Context + Horizon ≤ Length.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class FutureWindowPredictionAttribute : ObjectiveAttribute
    {
        public int Context { get; set; }
        public int Horizon { get; set; }
    }

    /// <summary>
    /// Masked reconstruction of sensor streams (Zerveas et al. 2021, TST): hide MaskRatio (0.15) of each window as
    /// time spans of SpanLength (5) steps on every channel, and/or whole channels when MaskChannels; a linear head
    /// reconstructs the window from the embedding of the masked input; MSE on hidden entries only.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class MaskedStreamReconstructionAttribute : ObjectiveAttribute
    {
        public double MaskRatio { get; set; } = SslDefaults.StreamMaskRatio;
        public bool MaskChannels { get; set; }
        public int SpanLength { get; set; } = SslDefaults.StreamSpanLength;
    }
}
