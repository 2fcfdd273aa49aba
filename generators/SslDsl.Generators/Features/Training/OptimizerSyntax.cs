using System;
using SslDsl.Generators.Emit;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    /// <summary>The optimizer's runtime type and its constructor arguments after the parameters.</summary>
    internal static class OptimizerSyntax
    {
        public static void Plan(OptimizerSpec optimizer, TrainerPlan plan)
        {
            string lr = Literal(optimizer.LearningRate);
            switch (optimizer)
            {
                case SgdSpec s:
                    plan.OptimizerType = Optimization + "SgdOptimizer";
                    plan.OptimizerArguments = $"momentum: {Literal(s.Momentum)}, weightDecay: {Literal(s.WeightDecay)}";
                    plan.OptimizerComment = $"[Sgd] lr {lr}, momentum {Literal(s.Momentum)}, weight decay {Literal(s.WeightDecay)}";
                    break;
                case LarsSpec s:
                    plan.OptimizerType = Optimization + "LarsOptimizer";
                    plan.OptimizerArguments = $"momentum: {Literal(s.Momentum)}, weightDecay: {Literal(s.WeightDecay)}, trustCoefficient: {Literal(s.TrustCoefficient)}";
                    plan.OptimizerComment = $"[Lars] lr {lr}, momentum {Literal(s.Momentum)}, weight decay {Literal(s.WeightDecay)}, trust {Literal(s.TrustCoefficient)}" + (s.Declared ? "" : " (default)");
                    break;
                case AdamWSpec s:
                    plan.OptimizerType = Optimization + "AdamWOptimizer";
                    plan.OptimizerArguments = $"weightDecay: {Literal(s.WeightDecay)}, beta1: {Literal(s.Beta1)}, beta2: {Literal(s.Beta2)}";
                    plan.OptimizerComment = $"[AdamW] lr {lr}, weight decay {Literal(s.WeightDecay)}, betas ({Literal(s.Beta1)}, {Literal(s.Beta2)})";
                    break;
                default:
                    throw new NotSupportedException($"optimizer {optimizer.GetType().Name} is not supported by this version of the generator");
            }
        }
    }
}
