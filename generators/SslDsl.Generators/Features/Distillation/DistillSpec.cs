using System.Linq;
using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Distill(typeof(Teacher))]: DistilBERT's triple loss against a trained teacher experiment.</summary>
    /// <param name="Teacher">The teacher class, fully qualified with <c>global::</c>.</param>
    /// <param name="TeacherModel">What the rules need of the teacher's attributes; null when it is no [SslExperiment] class.</param>
    internal sealed record DistillSpec(
        string Teacher, double Temperature, double SoftTargetWeight, double MlmWeight, double HiddenCosineWeight, bool InitializeFromTeacher, TeacherSummary? TeacherModel)
    {
        public static DistillSpec Resolve(AttributeModel a) => new(
            a.Text("Teacher", ""), a.Number("Temperature", SslDefaults.DistillTemperature), a.Number("SoftTargetWeight", SslDefaults.DistillSoftTargetWeight),
            a.Number("MlmWeight", SslDefaults.DistillMlmWeight), a.Number("HiddenCosineWeight", SslDefaults.DistillHiddenCosineWeight),
            a.Bool("InitializeFromTeacher", SslDefaults.DistillInitializeFromTeacher),
            a.Argument("Teacher")?.Value.ExperimentAttributes is { } attributes ? TeacherSummary.Of(attributes) : null);

        /// <summary>The teacher's name as the user wrote it (without <c>global::</c>), for messages.</summary>
        public string TeacherName => Teacher.StartsWith("global::", System.StringComparison.Ordinal) ? Teacher.Substring("global::".Length) : Teacher;
    }

    /// <summary>
    /// The teacher experiment as the [Distill] rules see it: its objective's attribute name, and its token input and
    /// Transformer encoder when it declares them (else null).
    /// </summary>
    internal sealed record TeacherSummary(string? Objective, TokenInputSpec? Input, TransformerEncoderSpec? Encoder)
    {
        public static TeacherSummary Of(EquatableArray<AttributeModel> attributes)
        {
            AttributeModel[] objectives = attributes.Where(a => a.Family == AttributeFamily.Objective).ToArray();
            AttributeModel[] inputs = attributes.Where(a => a.Family == AttributeFamily.Input).ToArray();
            AttributeModel[] encoders = attributes.Where(a => a.Family == AttributeFamily.Encoder).ToArray();
            return new TeacherSummary(
                objectives.Length == 1 ? objectives[0].Name : null,
                inputs.Length == 1 && inputs[0].Name == "TokenInput" ? TokenInputSpec.Resolve(inputs[0]) : null,
                encoders.Length == 1 && encoders[0].Name == "TransformerEncoder" ? TransformerEncoderSpec.Resolve(encoders[0]) : null);
        }
    }
}
