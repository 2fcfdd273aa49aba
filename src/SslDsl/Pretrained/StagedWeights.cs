using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Pretrained
{
    /// <summary>
    /// A weight file checked against an encoder and ready to copy in: per encoder entry (its name) the value to take.
    /// The values live in the dispose scope that staged them; copy before it ends.
    /// </summary>
    internal sealed class StagedWeights
    {
        public StagedWeights(IReadOnlyDictionary<string, Tensor> values, PretrainedLoadResult result)
        {
            Values = values;
            Result = result;
        }

        public IReadOnlyDictionary<string, Tensor> Values { get; }

        public PretrainedLoadResult Result { get; }

        /// <summary>Every parameter and buffer of <paramref name="module"/> by its state-dict name: the live tensors.</summary>
        public static Dictionary<string, Tensor> EntriesOf(nn.Module module)
        {
            var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach ((string name, TorchSharp.Modules.Parameter parameter) in module.named_parameters())
            {
                entries[name] = parameter;
            }

            foreach ((string name, Tensor buffer) in module.named_buffers())
            {
                entries[name] = buffer;
            }

            return entries;
        }

        /// <summary>Whether <paramref name="module"/> has exactly the staged entries with the same shapes (a momentum copy of the encoder).</summary>
        public bool Fits(nn.Module module)
        {
            Dictionary<string, Tensor> entries = EntriesOf(module);
            return entries.Count == Values.Count
                && Values.All(v => entries.TryGetValue(v.Key, out Tensor? live) && live.shape.SequenceEqual(v.Value.shape));
        }

        /// <summary>
        /// Copies the staged values into <paramref name="module"/>'s parameters and buffers in place (optimizers keep their
        /// references, and a parameter that is a view of a flat buffer stays one), converting dtype and device.
        /// </summary>
        public void CopyInto(nn.Module module)
        {
            Dictionary<string, Tensor> entries = EntriesOf(module);
            using var noGrad = no_grad();
            foreach ((string name, Tensor value) in Values)
            {
                entries[name].copy_(value);
            }
        }
    }
}
