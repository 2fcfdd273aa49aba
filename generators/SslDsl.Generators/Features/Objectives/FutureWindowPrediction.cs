using SslDsl.Generators.Model;

namespace SslDsl.Generators.Features
{
    /// <summary>[FutureWindowPrediction]: encode a context window, predict the next Horizon steps.</summary>
    /// <param name="Context">Steps the encoder sees; 0 means the rest of the window (input length − horizon).</param>
    internal sealed record FutureWindowPredictionSpec(int Context, int Horizon) : SingleViewObjectiveSpec
    {
        /// <summary>Data parallel: a mean of per-window forecast errors.</summary>
        public override string RankReduction => "AverageGradients";

        public static FutureWindowPredictionSpec Resolve(AttributeModel a) => new(a.Int("Context", 0), a.Int("Horizon", 0));

        public int ContextFor(int inputLength) => Context == 0 ? inputLength - Horizon : Context;
    }
}
