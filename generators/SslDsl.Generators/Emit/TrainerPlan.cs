using System.Collections.Generic;
using SslDsl.Generators.Features;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Emit
{
    /// <summary>
    /// The code pieces of one trainer that depend on several specs at once (an encoder's construction needs the input,
    /// a projector the encoder's width, a loss the heads). Filled once from the <see cref="ExperimentSpec"/> by
    /// <see cref="TrainerEmitter.Plan"/> and the feature syntax classes, then written by <see cref="TrainerEmitter"/>.
    /// Hyperparameters are read from <see cref="Spec"/>, never copied here.
    /// </summary>
    internal sealed class TrainerPlan
    {
        public TrainerPlan(ExperimentSpec spec)
        {
            Spec = spec;
            EncoderLength = Length;
        }

        public ExperimentSpec Spec { get; }

        /// <summary>The experiment class, fully qualified with <c>global::</c> (user augmentation methods live there).</summary>
        public string ExperimentType => "global::" + Spec.FullName;

        public InputKind Kind => Spec.Input.Kind;

        public ObjectiveFamily Family => Spec.Objective is SingleViewObjectiveSpec ? ObjectiveFamily.SingleView : ObjectiveFamily.JointEmbedding;

        public int Channels => Spec.Input switch { ImageInputSpec i => i.Channels, SequenceInputSpec s => s.Channels, _ => 0 };

        public int Height => (Spec.Input as ImageInputSpec)?.Height ?? 0;

        public int Width => (Spec.Input as ImageInputSpec)?.Width ?? 0;

        /// <summary>Time steps of [SequenceInput] windows or tokens of [TokenInput] sequences (0 for images).</summary>
        public int Length => Spec.Input switch { SequenceInputSpec s => s.Length, TokenInputSpec t => t.Length, _ => 0 };

        /// <summary>[TokenInput] vocabulary size (0 otherwise).</summary>
        public int VocabSize => (Spec.Input as TokenInputSpec)?.VocabSize ?? 0;

        public string EncoderType { get; set; } = "";
        public string EncoderNew { get; set; } = "";
        public string EncoderComment { get; set; } = "";

        /// <summary>Expression for the encoder's embedding width (a property of built-in encoders, a constant for custom ones).</summary>
        public string EncoderOutputDim { get; set; } = "Encoder.OutputDim";

        /// <summary>[CustomEncoder] OutputDim, emitted as the constant <c>EncoderOutputDim</c>; null for built-in encoders.</summary>
        public int? CustomEncoderOutputDim { get; set; }

        /// <summary>Time steps the encoder sees (the context of future-window prediction; else the input length).</summary>
        public int EncoderLength { get; set; }

        /// <summary>Decoder or classifier of a single-view objective (MAE, autoencoder, rotation, MLM, sensors), or null.</summary>
        public string? HeadType { get; set; }
        public string HeadNew { get; set; } = "";
        public string HeadComment { get; set; } = "";

        /// <summary>[FutureWindowPrediction] Horizon (0 otherwise).</summary>
        public int Horizon { get; set; }

        public string? ProjectorNew { get; set; }

        /// <summary>The projector's type: a <c>ProjectionHead</c>, or the objective's own head (DINO's).</summary>
        public string ProjectorType { get; set; } = "global::SslDsl.Heads.ProjectionHead";
        public string ProjectorComment { get; set; } = "";

        /// <summary>
        /// Lines that compute <c>projections</c> from <c>embeddings</c> in place of <c>Projector.call(embeddings)</c>, when
        /// the objective also needs an intermediate output of its head (SwAV's queue: the normalised projections); empty
        /// for the plain call.
        /// </summary>
        public List<string> ProjectorSteps { get; } = new();

        /// <summary>Expression, after the heads, of what the objective keeps in its memory across steps (<c>ViewOutputs.Memory</c>), or null.</summary>
        public string? Memory { get; set; }

        /// <summary>Width of what the joint-embedding loss compares: the projector's output, else the encoder's.</summary>
        public string ProjectionDim => ProjectorNew is null ? EncoderOutputDim : "Projector.OutputDim";

        public List<AugmentationPlan> Augmentations { get; } = new();

        /// <summary>Field type of the objective, or null when its loss is a static method (no state).</summary>
        public string? ObjectiveType { get; set; }
        public string ObjectiveNew { get; set; } = "";
        public string ObjectiveComment { get; set; } = "";
        public bool ObjectiveDisposable { get; set; }

        /// <summary>Expression of the objective's checkpointed state (MoCo v2's key queue), or null when it has none.</summary>
        public string? ObjectiveState { get; set; }
        public string ObjectiveStateComment { get; set; } = "";

        /// <summary>Statements after the objective's construction (SwAV: its prototypes' freeze).</summary>
        public List<string> ObjectiveSetup { get; } = new();

        /// <summary>The loss of a joint-embedding step, on projections, predictions and targets.</summary>
        public LossCall? Loss { get; set; }

        /// <summary>
        /// The loss takes exactly two views: with more views it is averaged over the pairs (global view i, view j &gt; i),
        /// each of <c>projections</c>, <c>predictions</c> and <c>targets</c> narrowed to the pair.
        /// </summary>
        public bool TwoViewLoss { get; set; }

        /// <summary>Single-view objectives: the step lines after augmentation that compute <c>loss</c> from <c>inputs</c>.</summary>
        public List<string> SingleViewStep { get; } = new();

        /// <summary>Predictor head construction (BYOL, SimSiam, MoCo v3), or null.</summary>
        public string? PredictorNew { get; set; }
        public string PredictorComment { get; set; } = "";

        /// <summary>Whether a momentum (EMA) copy of encoder and projector makes the targets (BYOL, MoCo).</summary>
        public bool HasTargetNetwork { get; set; }

        /// <summary>The momentum network runs on the global crops only (DINO's teacher): targets are <c>[GlobalViews·N, D]</c>.</summary>
        public bool TargetsOnGlobalViews { get; set; }

        /// <summary>BYOL's cosine momentum schedule (start, end), or null for a constant <see cref="ConstantMomentum"/>.</summary>
        public (double Start, double End)? MomentumSchedule { get; set; }
        public double ConstantMomentum { get; set; }

        public string OptimizerType { get; set; } = "";
        /// <summary>Constructor arguments of the optimizer after its parameters.</summary>
        public string OptimizerArguments { get; set; } = "";
        public string OptimizerComment { get; set; } = "";
    }

    /// <summary>How the step is organised.</summary>
    internal enum ObjectiveFamily
    {
        /// <summary>Views → encoder → projector (→ predictor) → a loss between views (SimCLR, MoCo, BYOL, …).</summary>
        JointEmbedding,

        /// <summary>One view → a pretext task with its own head (MAE, autoencoder, rotation, MLM, sensor tasks).</summary>
        SingleView,
    }

    /// <summary>
    /// One augmentation step: field, type, construction, the view it applies to (-1 = all), and whether it holds
    /// tensors (then it is IDisposable and the trainer disposes it).
    /// </summary>
    /// <param name="Method">For a user [Augmentation] method: its name (then Field, Type and New are empty), else null.</param>
    internal sealed record AugmentationPlan(string Field, string Type, string New, int View, string Comment, bool OwnsTensors = false, string? Method = null, double Probability = 1.0);
}
