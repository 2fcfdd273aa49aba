using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[Dino]: self-distillation with an EMA teacher, centring and sharpening (Caron et al. 2021).</summary>
    internal sealed record DinoSpec(
        int OutDim,
        int Hidden,
        int Bottleneck,
        double StudentTemperature,
        double TeacherTemperature,
        double WarmupTeacherTemperature,
        int WarmupTeacherEpochs,
        double CenterMomentum,
        double MomentumStart,
        double MomentumEnd) : JointEmbeddingObjectiveSpec
    {
        /// <summary>Data parallel: a per-sample loss, and the teacher's centre is a mean over every rank's rows.</summary>
        public override string RankReduction => "GlobalStatistics";

        public static DinoSpec Resolve(AttributeModel a) => new(
            a.Int("OutDim", SslDefaults.DinoOutDim), a.Int("Hidden", SslDefaults.DinoHidden), a.Int("Bottleneck", SslDefaults.DinoBottleneck),
            a.Number("StudentTemperature", SslDefaults.DinoStudentTemperature), a.Number("TeacherTemperature", SslDefaults.DinoTeacherTemperature),
            a.Number("WarmupTeacherTemperature", a.Number("TeacherTemperature", SslDefaults.DinoTeacherTemperature)), a.Int("WarmupTeacherEpochs", 0),
            a.Number("CenterMomentum", SslDefaults.DinoCenterMomentum), a.Number("MomentumStart", SslDefaults.DinoMomentumStart), a.Number("MomentumEnd", 1.0));
    }
}
