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
            title: "MoCo queue size is not a multiple of the batch size",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "MoCo v2 enqueues each batch of keys whole into its ring buffer, so the queue must hold a whole number of batches.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.QueueNotMultipleOfBatch + ".md");

        public static readonly DiagnosticDescriptor MissingComponent = new(
            DiagnosticIds.MissingComponent,
            title: "Objective lacks a component it needs",
            messageFormat: "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "BYOL, SimSiam and MoCo v3 regress a prediction of one view onto the other view's projection: they need a [Projector] and a [Predictor].",
            helpLinkUri: HelpLinkBase + DiagnosticIds.MissingComponent + ".md");
    }
}
