using System;
using System.Globalization;
using System.Linq;
using SslDsl.Generators.Emit;
using SslDsl.Generators.Model;
using static SslDsl.Generators.Emit.CodeWriter;
using static SslDsl.Generators.Emit.RuntimeNames;

namespace SslDsl.Generators.Features
{
    /// <summary>The augmentation pipeline: each declared augmentation's runtime type and construction, then the user's methods.</summary>
    internal static class AugmentationSyntax
    {
        public static void Plan(ExperimentSpec spec, TrainerPlan plan)
        {
            foreach (DeclaredAugmentation a in spec.Augmentations)
            {
                string field = "augmentation" + plan.Augmentations.Count.ToString(CultureInfo.InvariantCulture) + a.Name;
                string type = Augmentations + a.Name;
                plan.Augmentations.Add(new AugmentationPlan(field, type, $"new {type}({Arguments(a.Spec, plan)})", a.Spec.View, a.AsWritten));
            }

            InsertMethods(spec, plan);
        }

        /// <summary>Constructor arguments of the runtime augmentation, which has the attribute's name.</summary>
        private static string Arguments(AugmentationSpec spec, TrainerPlan plan)
        {
            string p = Literal(spec.Probability);
            return spec switch
            {
                RandomResizedCropSpec s => $"{Literal(s.Size == 0 ? plan.Height : s.Size)}, {Literal(s.Size == 0 ? plan.Width : s.Size)}, {Literal(s.MinScale)}, {Literal(s.MaxScale)}, "
                    + $"{Literal(s.MinRatio)}, {Literal(s.MaxRatio)}, {p}",
                HorizontalFlipSpec or GrayscaleSpec => p,
                ColorJitterSpec s => $"{Literal(s.Brightness)}, {Literal(s.Contrast)}, {Literal(s.Saturation)}, {Literal(s.Hue)}, {p}",
                GaussianBlurSpec s => $"{Literal(s.KernelSize)}, {Literal(s.MinSigma)}, {Literal(s.MaxSigma)}, {p}",
                SolarizeSpec s => $"{Literal(s.Threshold)}, {p}",
                NormalizeSpec s => $"new double[] {{ {string.Join(", ", s.Mean.Select(Literal))} }}, new double[] {{ {string.Join(", ", s.Std.Select(Literal))} }}",
                GammaContrastSpec s => $"{Literal(s.MinGamma)}, {Literal(s.MaxGamma)}, {p}",
                IntensityWindowSpec s => $"{Literal(s.MinLevel)}, {Literal(s.MaxLevel)}, {Literal(s.MinWidth)}, {Literal(s.MaxWidth)}, {p}",
                BiasFieldSpec s => $"{Literal(s.Order)}, {Literal(s.Strength)}, {p}",
                GaussianNoiseSpec s => $"{Literal(s.MinStd)}, {Literal(s.MaxStd)}, {p}",
                RicianNoiseSpec s => $"{Literal(s.MinStd)}, {Literal(s.MaxStd)}, {p}",
                MotionBlurSpec s => $"{Literal(s.KernelSize)}, {p}",
                JitterSpec s => $"{Literal(s.Std)}, {p}",
                ScalingSpec s => $"{Literal(s.Std)}, {p}",
                MagnitudeWarpSpec s => $"{Literal(s.Std)}, {Literal(s.Knots)}, {p}",
                TimeWarpSpec s => $"{Literal(s.Std)}, {Literal(s.Knots)}, {p}",
                ChannelDropoutSpec s => $"{Literal(s.Rate)}, {p}",
                TimeMaskSpec s => $"{Literal(s.MaxFraction)}, {p}",
                WindowCropSpec s => $"{Literal(plan.Length)}, {Literal(s.Length)}, {Literal(s.ResizeBack)}, {p}",
                TokenDropoutSpec s => $"{Literal(s.Rate)}, {Literal(s.ReplacementId)}, new long[] {{ {string.Join(", ", s.ProtectedIds.Select(Literal))} }}, {p}",
                _ => throw new NotSupportedException($"augmentation {spec.GetType().Name} is not supported by this version of the generator"),
            };
        }

        /// <summary>
        /// User [Augmentation] methods join the pipeline after the first Order declared augmentations (stable: equal
        /// Order keeps source order), so Order 0 runs first and an Order past the end runs last.
        /// </summary>
        private static void InsertMethods(ExperimentSpec spec, TrainerPlan plan)
        {
            var declared = plan.Augmentations.ToList();
            plan.Augmentations.Clear();
            AugmentationMethodModel[] methods = spec.AugmentationMethods.ToArray();
            for (int position = 0; position <= declared.Count; position++)
            {
                foreach (AugmentationMethodModel method in methods)
                {
                    int at = Math.Max(0, Math.Min(method.Order, declared.Count));
                    if (at == position)
                    {
                        string comment = $"[Augmentation(Order = {Literal(method.Order)})] {method.Name}" + (method.Probability < 1 ? $", probability {Literal(method.Probability)}" : "");
                        plan.Augmentations.Add(new AugmentationPlan("", "", "", method.View, comment, Method: method.Name, Probability: method.Probability));
                    }
                }

                if (position < declared.Count)
                {
                    plan.Augmentations.Add(declared[position]);
                }
            }
        }
    }
}
