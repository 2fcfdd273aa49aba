using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Splits a fine-tuning run's trainable parameters into AdamW groups: the head; then, unless the encoder is
    /// frozen, the whole encoder (LayerDecay 1, or an encoder without an <see cref="EncoderLayerMap"/>) or one group
    /// per encoder layer that has trainable parameters, each at its decayed rate.
    /// </summary>
    internal static class FineTuneParameterGroups
    {
        /// <summary>The groups (descriptions and their parameters, in the same order) and notes for the result.</summary>
        internal static (List<FineTuneParameterGroup> Groups, List<Parameter[]> Members, List<string> Notes) Build(
            nn.Module<Tensor, Tensor> encoder, Linear head, FineTuneOptions options)
        {
            var groups = new List<FineTuneParameterGroup>();
            var members = new List<Parameter[]>();
            var notes = new List<string>();
            void Add(string name, int? layer, double rate, string prefix, IEnumerable<(string Name, Parameter Parameter)> parameters)
            {
                var trainable = parameters.Where(p => p.Parameter.requires_grad).ToArray();
                if (trainable.Length > 0)
                {
                    groups.Add(new FineTuneParameterGroup(name, layer, rate, trainable.Select(p => prefix + p.Name).ToArray()));
                    members.Add(trainable.Select(p => p.Parameter).ToArray());
                }
            }

            Add("head", null, options.HeadLearningRate, "head.", head.named_parameters());
            if (options.FreezesEncoder)
            {
                return (groups, members, notes);
            }

            var encoderParameters = encoder.named_parameters().ToArray();
            EncoderLayerMap? map = options.LayerDecay == 1 ? null : EncoderLayerMap.For(encoder);
            if (map is null)
            {
                if (options.LayerDecay != 1)
                {
                    notes.Add($"LayerDecay {options.LayerDecay} not applied: {encoder.GetType().Name} has no layer map (built-in encoders only, see EncoderLayerMap); "
                        + "the whole encoder trained at LearningRate × BackboneMultiplier");
                }

                Add("encoder", null, options.BackboneLearningRate, "encoder.", encoderParameters);
                return (groups, members, notes);
            }

            for (int layer = 0; layer <= map.Layers; layer++)
            {
                int l = layer;
                double rate = options.BackboneLearningRate * Math.Pow(options.LayerDecay, map.Layers - l);
                Add($"encoder layer {l}", l, rate, "encoder.", encoderParameters.Where(p => map.LayerOf[p.name] == l));
            }

            return (groups, members, notes);
        }
    }
}
