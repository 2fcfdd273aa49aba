using Microsoft.CodeAnalysis;
using SslDsl.Generators.Model;

namespace SslDsl.Analyzers
{
    /// <summary>
    /// Every diagnostic the analyzers report. The message is the rule's own (see <see cref="ExperimentRules"/>), so the
    /// format is a bare "{0}": analyzers and generator then word a broken rule the same way.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "SslDsl";

        private const string HelpLinkBase = "https://github.com/ssldsl/ssldsl/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor NotPartial = new(
            DiagnosticIds.NotPartial,
            title: "Experiment class must be partial",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generator adds the trainer to the [SslExperiment] class as a partial declaration, so the class and every type containing it must be declared partial.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.NotPartial + ".md");

        public static readonly DiagnosticDescriptor EncoderCount = new(
            DiagnosticIds.EncoderCount,
            title: "Experiment needs exactly one encoder",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "An experiment trains one backbone: declare exactly one encoder attribute such as [ResNet] or [ConvNet].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.EncoderCount + ".md");

        public static readonly DiagnosticDescriptor ObjectiveCount = new(
            DiagnosticIds.ObjectiveCount,
            title: "Experiment needs exactly one pretext objective",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The loss being minimised comes from the pretext objective: declare exactly one, such as [SimClr].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ObjectiveCount + ".md");

        public static readonly DiagnosticDescriptor InputCount = new(
            DiagnosticIds.InputCount,
            title: "Experiment needs exactly one input declaration",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The input declaration fixes the tensor shape of a sample: declare exactly one, such as [ImageInput].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.InputCount + ".md");

        public static readonly DiagnosticDescriptor TooFewViews = new(
            DiagnosticIds.TooFewViews,
            title: "Objective needs more views than declared",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Contrastive and non-contrastive objectives compare augmented views of the same sample and need at least two views.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.TooFewViews + ".md");

        public static readonly DiagnosticDescriptor OutOfRange = new(
            DiagnosticIds.OutOfRange,
            title: "Hyperparameter out of range",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A hyperparameter value lies outside the range in which its attribute is defined, such as a temperature that is not positive or a probability outside [0, 1].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.OutOfRange + ".md");

        public static readonly DiagnosticDescriptor QueueNotMultipleOfBatch = new(
            DiagnosticIds.QueueNotMultipleOfBatch,
            title: "Queue size is not a multiple of the batch size",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "MoCo v2 enqueues each batch of keys, NNCLR and SwAV each batch of projections, whole into a queue, so the queue (support set) must hold a whole number of batches.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.QueueNotMultipleOfBatch + ".md");

        public static readonly DiagnosticDescriptor MissingComponent = new(
            DiagnosticIds.MissingComponent,
            title: "Objective lacks a component it needs",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "BYOL, SimSiam, NNCLR and MoCo v3 compare a prediction of one view with the other view's projection (or its nearest neighbour): they need a [Projector] and a [Predictor].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.MissingComponent + ".md");

        public static readonly DiagnosticDescriptor PatchSizeDoesNotDivideImage = new(
            DiagnosticIds.PatchSizeDoesNotDivideImage,
            title: "ViT patch size does not divide the image",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A Vision Transformer cuts each image into PatchSize x PatchSize patches, so the image height and width must both be multiples of the patch size.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.PatchSizeDoesNotDivideImage + ".md");

        public static readonly DiagnosticDescriptor AugmentationModality = new(
            DiagnosticIds.AugmentationModality,
            title: "Augmentation does not apply to the input",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Image augmentations need [ImageInput], sequence (sensor) augmentations [SequenceInput] and token augmentations [TokenInput]; colour augmentations need 1-channel or 3-channel images.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.AugmentationModality + ".md");

        public static readonly DiagnosticDescriptor LargerThanInput = new(
            DiagnosticIds.LargerThanInput,
            title: "Crop or window larger than the input",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A crop or window is cut from the input and cannot be larger than it: RandomResizedCrop and MultiCrop sizes at most the shorter image side, WindowCrop Length at most the SequenceInput Length.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.LargerThanInput + ".md");

        public static readonly DiagnosticDescriptor ObjectiveIncompatible = new(
            DiagnosticIds.ObjectiveIncompatible,
            title: "Objective incompatible with the input or encoder",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Pretext tasks work on one kind of input, some with one encoder: MAE needs images and a VisionTransformer, masked language modelling tokens and a TransformerEncoder, future-window prediction and masked stream reconstruction sequences, rotation prediction square images; multi-crop needs images and an encoder that takes any image size.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ObjectiveIncompatible + ".md");

        public static readonly DiagnosticDescriptor SmallContrastiveBatch = new(
            DiagnosticIds.SmallContrastiveBatch,
            title: "Contrastive batch too small",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "SimCLR and MoCo v3 take their negatives from the batch: below 128 samples per batch they see few negatives and learn markedly worse.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.SmallContrastiveBatch + ".md");

        public static readonly DiagnosticDescriptor FineTuneMultipliers = new(
            DiagnosticIds.FineTuneMultipliers,
            title: "Fine-tune head multiplier not above the backbone multiplier",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Fine-tuning starts a new head from random weights on top of a pretrained encoder: the head should learn faster than the encoder, whose features a large step would destroy.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.FineTuneMultipliers + ".md");

        public static readonly DiagnosticDescriptor WarmupTooLong = new(
            DiagnosticIds.WarmupTooLong,
            title: "Warm-up not shorter than the run",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A warm-up as long as the run keeps raising the learning rate to the last step: the cosine decay never starts and training ends at the peak learning rate.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.WarmupTooLong + ".md");

        public static readonly DiagnosticDescriptor ColorOnOneChannel = new(
            DiagnosticIds.ColorOnOneChannel,
            title: "Colour augmentation on 1-channel images",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Saturation, hue and grayscale conversion change the colours of RGB images; on 1-channel images they do nothing.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ColorOnOneChannel + ".md");

        public static readonly DiagnosticDescriptor WrongShape = new(
            DiagnosticIds.WrongShape,
            title: "Custom encoder or augmentation method has the wrong shape",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "[CustomEncoder(typeof(T))] needs a non-abstract class T deriving from Module<Tensor, Tensor> with a public parameterless constructor; an [Augmentation] method must be static Tensor M(Tensor batch, Generator rng).",
            helpLinkUri: HelpLinkBase + DiagnosticIds.WrongShape + ".md");

        public static readonly DiagnosticDescriptor DuplicateAugmentation = new(
            DiagnosticIds.DuplicateAugmentation,
            title: "Same augmentation twice for the same view",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Declaring an augmentation twice for the same view applies it twice, which is rarely intended: one of the two is usually a leftover.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.DuplicateAugmentation + ".md");

        public static readonly DiagnosticDescriptor EncoderInput = new(
            DiagnosticIds.EncoderInput,
            title: "Encoder does not fit the input",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Each encoder takes one kind of input: ResNet, ConvNet and VisionTransformer images, TemporalConvNet sequences, TransformerEncoder sequences or tokens, Mlp images or sequences; VisionTransformer and Mlp take only the declared image size.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.EncoderInput + ".md");

        public static readonly DiagnosticDescriptor ViewDeclaration = new(
            DiagnosticIds.ViewDeclaration,
            title: "View declaration does not fit the objective",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Single-view objectives see one version of each sample, so they take neither several [Views] nor [MultiCrop]; [MultiCrop] replaces [Views], so the two are not declared together.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ViewDeclaration + ".md");

        public static readonly DiagnosticDescriptor UnusedHead = new(
            DiagnosticIds.UnusedHead,
            title: "Head not used by the objective",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A [Projector] or [Predictor] that the objective never calls adds nothing to training: single-view objectives train their own head, and only BYOL, SimSiam, NNCLR and MoCo v3 use a predictor.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.UnusedHead + ".md");

        public static readonly DiagnosticDescriptor PredictorOutput = new(
            DiagnosticIds.PredictorOutput,
            title: "Predictor output differs from the projector output",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "BYOL, SimSiam, NNCLR and MoCo v3 compare the predictor's output with a projection, so both must have the same size.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.PredictorOutput + ".md");

        public static readonly DiagnosticDescriptor ForecastWindow = new(
            DiagnosticIds.ForecastWindow,
            title: "Forecast context and horizon do not fit the window",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Future-window prediction encodes Context steps of each window and predicts the next Horizon steps: both must fit in the SequenceInput Length, with at least one step of context.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ForecastWindow + ".md");

        public static readonly DiagnosticDescriptor TokenIds = new(
            DiagnosticIds.TokenIds,
            title: "Token ids do not fit the vocabulary",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Masked language modelling replaces tokens with MaskTokenId and never masks special tokens: the mask id must be a special id, every special id an id of the vocabulary, and the vocabulary must keep ordinary tokens. Token dropout's ReplacementId must be an id of the vocabulary too.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.TokenIds + ".md");

        public static readonly DiagnosticDescriptor Masking = new(
            DiagnosticIds.Masking,
            title: "Masking hides everything or nothing",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A masked reconstruction objective must hide part of each sample and leave part of it visible: MAE's mask ratio must keep at least one patch and hide at least one; stream masking needs spans shorter than the window, or channel masking on at least 2 channels.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.Masking + ".md");

        public static readonly DiagnosticDescriptor ViewSize = new(
            DiagnosticIds.ViewSize,
            title: "Augmentation changes the size of some views only",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The views of a batch are stacked and share one size: an augmentation for one view (View >= 0) must keep its size, and [WindowCrop] cuts from whole input windows, which an earlier [WindowCrop] without ResizeBack has shortened.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.ViewSize + ".md");

        public static readonly DiagnosticDescriptor OptimizerCount = new(
            DiagnosticIds.OptimizerCount,
            title: "Experiment declares more than one optimizer",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generated trainer uses one optimizer (LARS when none is declared): declare at most one of [Sgd], [Lars] and [AdamW].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.OptimizerCount + ".md");

        public static readonly DiagnosticDescriptor GenericExperiment = new(
            DiagnosticIds.GenericExperiment,
            title: "Experiment class is generic",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generator declares a non-generic partial class with concrete component types: an experiment class, and every type containing it, must not have type parameters.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.GenericExperiment + ".md");

        public static readonly DiagnosticDescriptor GeneratedMemberName = new(
            DiagnosticIds.GeneratedMemberName,
            title: "Member takes a name the generated trainer declares",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The generated partial declares the nested class Trainer and the static method CreateTrainer on the experiment class: a member of yours with either name would clash with it.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.GeneratedMemberName + ".md");

        public static readonly DiagnosticDescriptor UnsupportedPrecision = new(
            DiagnosticIds.UnsupportedPrecision,
            title: "Precision is not a Precision value",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "[Training(Precision)] must be Precision.Float32, Precision.BFloat16 or Precision.Float16; a cast of another number would only fail when the trainer is built.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.UnsupportedPrecision + ".md");

        public static readonly DiagnosticDescriptor SyncBatchNormWithoutBatchNorm = new(
            DiagnosticIds.SyncBatchNormWithoutBatchNorm,
            title: "SyncBatchNorm has no BatchNorm layer to synchronise",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "[DataParallel(SyncBatchNorm = true)] synchronises the statistics of BatchNorm layers over the ranks; an experiment whose encoder, projector and predictor have none would ignore the option.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.SyncBatchNormWithoutBatchNorm + ".md");

        public static readonly DiagnosticDescriptor DinoTeacherNotSharper = new(
            DiagnosticIds.DinoTeacherNotSharper,
            title: "DINO's teacher is not sharper than its student",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "DINO's student learns the teacher's sharpened softmax; a teacher temperature at or above the student's gives no sharper target, and training collapses to the uniform distribution (Caron et al. 2021, §5.3).",
            helpLinkUri: HelpLinkBase + DiagnosticIds.DinoTeacherNotSharper + ".md");

        public static readonly DiagnosticDescriptor DistillTeacher = new(
            DiagnosticIds.DistillTeacher,
            title: "The distillation teacher does not fit its student",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "[Distill(typeof(T))] needs T to be another [SslExperiment] masked language model over the same vocabulary with a Transformer encoder that reads the student's sequences; the hidden-state cosine needs equal widths, and InitializeFromTeacher equal widths, heads and lengths with a student no deeper than its teacher.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.DistillTeacher + ".md");
    }
}
