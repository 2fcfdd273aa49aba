using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// An optimizer's parameters of one dtype and device: their values in one <see cref="FlatStorage"/> and their
    /// gradients in one flat buffer of the same layout, so that a step is a handful of whole-buffer ops.
    /// <para>
    /// Gradients are bound lazily: a parameter's <c>.grad</c> becomes a view of <see cref="Gradients"/> the first time
    /// it is found defined (copying it in), and autograd then accumulates into that view in place. Until then the
    /// parameter has no gradient and the optimizer leaves it alone; afterwards its gradient is zeroed, never set to
    /// none (PyTorch's <c>zero_grad(set_to_none=False)</c>).
    /// </para>
    /// </summary>
    internal sealed class ParameterGroup : IDisposable
    {
        private readonly bool[] bound;
        private readonly double[] multipliers;
        private Tensor? chunkOwners;
        private Tensor? excludedMembers;
        private Tensor? chunkScales;
        private Tensor? scaledDecayMask;
        private int unbound;

        public ParameterGroup(int[] indices, Parameter[] parameters, bool[] excluded)
        {
            Indices = indices;
            var members = new Tensor[indices.Length];
            Excluded = new bool[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                members[i] = parameters[indices[i]];
                Excluded[i] = excluded[indices[i]];
            }

            Storage = new FlatStorage(members);
            Gradients = Storage.NewZeros();
            GradientSegments = Storage.Segments(Gradients);
            bound = new bool[indices.Length];
            unbound = indices.Length;
            multipliers = new double[indices.Length];
            Array.Fill(multipliers, 1.0);
            DecayMask = Storage.NewZeros();
            using var scope = NewDisposeScope();
            for (int i = 0; i < indices.Length; i++)
            {
                if (!Excluded[i])
                {
                    Storage.Segment(DecayMask, i).fill_(1);
                }
            }
        }

        /// <summary>Positions of the members in the optimizer's parameter list.</summary>
        public int[] Indices { get; }

        /// <summary>Per member: excluded from decay and adaptation (biases, norms).</summary>
        public bool[] Excluded { get; }

        public FlatStorage Storage { get; }

        /// <summary>The parameters' values, flat (padding included).</summary>
        public Tensor Values => Storage.Values;

        /// <summary>The bound gradients, flat, laid out like <see cref="Values"/>.</summary>
        public Tensor Gradients { get; }

        /// <summary>Per member, its gradient's view of <see cref="Gradients"/>.</summary>
        public Tensor[] GradientSegments { get; }

        /// <summary>1 over the segments of weights that decay, 0 over excluded parameters and padding.</summary>
        public Tensor DecayMask { get; }

        /// <summary>Per chunk of <see cref="FlatStorage.Alignment"/> elements, its member (for per-parameter norms); built on first use.</summary>
        public Tensor ChunkOwners => chunkOwners ??= Storage.ChunkOwners();

        /// <summary>Per member, true when excluded (bool, on the device); built on first use.</summary>
        public Tensor ExcludedMembers
        {
            get
            {
                if (excludedMembers is null)
                {
                    using var scope = NewDisposeScope();
                    excludedMembers = tensor(Excluded, device: Values.device).MoveToOuterDisposeScope().DetachFromDisposeScope();
                }

                return excludedMembers;
            }
        }

        public int Count => Indices.Length;

        /// <summary>Whether every member's learning-rate multiplier is 1 (the whole-buffer updates then need no scaling).</summary>
        public bool UnitRates { get; private set; } = true;

        /// <summary>Per member, its learning-rate multiplier.</summary>
        public IReadOnlyList<double> Multipliers => multipliers;

        /// <summary>
        /// Per chunk of <see cref="FlatStorage.Alignment"/> elements, its member's learning-rate multiplier, shaped
        /// <c>[chunks, 1]</c> to scale a buffer viewed as <c>[chunks, Alignment]</c>; built on first use after a change.
        /// </summary>
        public Tensor ChunkScales => chunkScales ??= PerChunk(multipliers).unsqueeze_(1).DetachFromDisposeScope();

        /// <summary><see cref="DecayMask"/> times each member's multiplier (AdamW's decoupled decay at the member's rate).</summary>
        public Tensor ScaledDecayMask
        {
            get
            {
                if (scaledDecayMask is null)
                {
                    using var scope = NewDisposeScope();
                    scaledDecayMask = DecayMask.view(-1, FlatStorage.Alignment).mul(ChunkScales).view(-1).MoveToOuterDisposeScope().DetachFromDisposeScope();
                }

                return scaledDecayMask;
            }
        }

        /// <summary>Takes the members' multipliers from <paramref name="all"/> (indexed like the optimizer's parameters).</summary>
        public void SetMultipliers(IReadOnlyList<double> all)
        {
            bool changed = false;
            for (int i = 0; i < multipliers.Length; i++)
            {
                changed |= multipliers[i] != all[Indices[i]];
                multipliers[i] = all[Indices[i]];
            }

            if (changed)
            {
                chunkScales?.Dispose();
                scaledDecayMask?.Dispose();
                chunkScales = null;
                scaledDecayMask = null;
                UnitRates = Array.TrueForAll(multipliers, m => m == 1);
            }
        }

        /// <summary>
        /// Per chunk, the value of its member in <paramref name="perMember"/>, in the buffer's dtype and on its device
        /// (a host-to-device copy of one value per member, then a gather).
        /// </summary>
        public Tensor PerChunk(double[] perMember)
        {
            using var scope = NewDisposeScope();
            return tensor(perMember, dtype: Storage.DType, device: Values.device).index_select(0, ChunkOwners).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Makes sure the parameters are views of this group's buffers: after another optimizer re-pointed them, their
        /// current values and gradients are copied back in. Then binds gradients that appeared since the last call.
        /// Returns whether every member's gradient is bound (the fused step needs them all).
        /// </summary>
        public bool Prepare()
        {
            if (Storage.Stale)
            {
                Storage.Bind();
                Array.Clear(bound);
                unbound = bound.Length;
            }

            return unbound == 0 || BindGradients();
        }

        /// <summary>Zeroes every gradient (bound ones with one op).</summary>
        public void ZeroGrad()
        {
            Prepare();
            Gradients.fill_(0); // TorchSharp's zero_() is zeros_out: a shape array and a new tensor wrapper per call
        }

        public void Dispose()
        {
            foreach (Tensor segment in GradientSegments)
            {
                segment.Dispose();
            }

            Gradients.Dispose();
            DecayMask.Dispose();
            chunkOwners?.Dispose();
            excludedMembers?.Dispose();
            chunkScales?.Dispose();
            scaledDecayMask?.Dispose();
            Storage.Dispose();
        }

        private bool BindGradients()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            for (int i = 0; i < bound.Length; i++)
            {
                if (bound[i])
                {
                    continue;
                }

                Tensor member = Storage.Members[i];
                Tensor? grad = member.grad;
                if (grad is null)
                {
                    GradientSegments[i].fill_(0); // a rebound member may leave a stale value here
                    continue;
                }

                GradientSegments[i].copy_(grad);
                member.grad = GradientSegments[i];
                bound[i] = true;
                unbound--;
            }

            return unbound == 0;
        }

        /// <summary>Splits <paramref name="parameters"/> by dtype and device, keeping their order within each group.</summary>
        public static ParameterGroup[] Split(Parameter[] parameters, bool[] excluded)
        {
            var keys = new List<(ScalarType DType, DeviceType Type, int Index)>();
            var members = new List<List<int>>();
            for (int i = 0; i < parameters.Length; i++)
            {
                var key = (parameters[i].dtype, parameters[i].device_type, parameters[i].device_index);
                int k = keys.IndexOf(key);
                if (k < 0)
                {
                    keys.Add(key);
                    members.Add(new List<int>());
                    k = keys.Count - 1;
                }

                members[k].Add(i);
            }

            var groups = new ParameterGroup[keys.Count];
            for (int k = 0; k < groups.Length; k++)
            {
                groups[k] = new ParameterGroup(members[k].ToArray(), parameters, excluded);
            }

            return groups;
        }
    }
}
