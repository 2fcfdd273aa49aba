using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Optimization
{
    /// <summary>
    /// Tensors of one dtype and device whose storage is re-pointed (<c>set_</c>) into one flat buffer: each member is
    /// a contiguous segment that starts at a multiple of <see cref="Alignment"/> elements (zeros pad the gaps). A
    /// whole-buffer op then updates every member at once, and per-member sums are a reshape to
    /// <c>[Length / Alignment, Alignment]</c>, a row sum and a small <c>index_add_</c>. The members keep their
    /// identity (the same <c>Parameter</c> objects, autograd leaves, module registrations); only their storage moves.
    /// <para>
    /// A tensor lives in one buffer at a time. Binding it into another (a second optimizer over the same parameters,
    /// as fine-tuning builds) marks the previous buffer <see cref="Stale"/>; its owner rebinds before it next
    /// relies on the layout (copying the current values back), and <see cref="Epoch"/> tells users of another
    /// buffer's ranges (<c>MomentumUpdater</c>) to look again.
    /// </para>
    /// </summary>
    internal sealed class FlatStorage : IDisposable
    {
        /// <summary>Segment alignment in elements (64 bytes of float32).</summary>
        public const long Alignment = 16;

        private static readonly ConditionalWeakTable<Tensor, FlatStorage> Owners = new();
        private static readonly object Gate = new();
        private static long epoch;
        [ThreadStatic]
        private static bool perTensorUpdates;
        private readonly Dictionary<Tensor, int> indexOf = new(ReferenceEqualityComparer.Instance);

        public FlatStorage(IReadOnlyList<Tensor> members)
        {
            if (members.Count == 0)
            {
                throw new ArgumentException("a flat buffer needs at least one tensor", nameof(members));
            }

            Members = new Tensor[members.Count];
            Offsets = new long[members.Count];
            Shapes = new long[members.Count][];
            long length = 0;
            for (int i = 0; i < Members.Length; i++)
            {
                Tensor member = members[i];
                if (member.dtype != members[0].dtype || member.device_type != members[0].device_type || member.device_index != members[0].device_index)
                {
                    throw new ArgumentException($"tensor #{i} is {member.dtype} on {member.device}, the first {members[0].dtype} on {members[0].device}: one flat buffer holds one dtype on one device", nameof(members));
                }

                if (!indexOf.TryAdd(member, i))
                {
                    throw new ArgumentException($"tensor #{i} is listed twice", nameof(members));
                }

                Members[i] = member;
                Offsets[i] = length;
                Shapes[i] = member.shape;
                length += RoundUp(member.numel());
            }

            Length = length;
            Values = zeros(length, dtype: members[0].dtype, device: members[0].device).DetachFromDisposeScope();
            Bind();
        }

        /// <summary>Changes whenever any flat buffer binds tensors: cached ranges of other buffers may have moved.</summary>
        public static long Epoch => Interlocked.Read(ref epoch);

        /// <summary>
        /// Whether optimizer steps and momentum updates on this thread use the fused whole-buffer ops (the default) or
        /// their per-tensor loops: the reference in tests and the "before" side of benchmarks.
        /// </summary>
        public static bool FusedUpdates
        {
            get => !perTensorUpdates;
            set => perTensorUpdates = !value;
        }

        public Tensor[] Members { get; }

        /// <summary>Where each member's segment starts, in elements.</summary>
        public long[] Offsets { get; }

        public long[][] Shapes { get; }

        /// <summary>Elements in the buffer, padding included (a multiple of <see cref="Alignment"/>).</summary>
        public long Length { get; }

        /// <summary>The flat buffer; the members are views of it while the buffer is not <see cref="Stale"/>.</summary>
        public Tensor Values { get; }

        public ScalarType DType => Values.dtype;

        /// <summary>True once some member was bound into another buffer: <see cref="Bind"/> before relying on the layout.</summary>
        public bool Stale { get; private set; }

        public static long RoundUp(long elements) => (elements + Alignment - 1) / Alignment * Alignment;

        /// <summary>Copies each member's current value into its segment and makes the member a view of it.</summary>
        public void Bind()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            lock (Gate)
            {
                for (int i = 0; i < Members.Length; i++)
                {
                    Tensor segment = Segment(Values, i);
                    segment.copy_(Members[i]);
                    Members[i].set_(segment);
                    if (Owners.TryGetValue(Members[i], out FlatStorage? previous) && !ReferenceEquals(previous, this))
                    {
                        previous.Stale = true;
                    }

                    Owners.AddOrUpdate(Members[i], this);
                }

                Stale = false;
                epoch++;
            }
        }

        /// <summary>Member <paramref name="index"/>'s segment of a buffer laid out like this one, shaped like the member.</summary>
        public Tensor Segment(Tensor flat, int index) => flat.narrow(0, Offsets[index], Numel(index)).view(Shapes[index]);

        /// <summary>Every member's segment of <paramref name="flat"/> (laid out like this buffer), detached from dispose scopes.</summary>
        public Tensor[] Segments(Tensor flat)
        {
            var segments = new Tensor[Members.Length];
            for (int i = 0; i < segments.Length; i++)
            {
                segments[i] = Segment(flat, i).DetachFromDisposeScope();
            }

            return segments;
        }

        /// <summary>A zero buffer laid out like this one (optimizer state), detached from dispose scopes.</summary>
        public Tensor NewZeros() => zeros(Length, dtype: Values.dtype, device: Values.device).DetachFromDisposeScope();

        /// <summary>Per chunk of <see cref="Alignment"/> elements, the index of the member it belongs to (int64, on the buffer's device).</summary>
        public Tensor ChunkOwners()
        {
            var owners = new long[Length / Alignment];
            for (int i = 0; i < Members.Length; i++)
            {
                long first = Offsets[i] / Alignment;
                long end = first + (RoundUp(Numel(i)) / Alignment);
                Array.Fill(owners, i, (int)first, (int)(end - first));
            }

            using var scope = NewDisposeScope();
            return tensor(owners, device: Values.device).MoveToOuterDisposeScope().DetachFromDisposeScope();
        }

        /// <summary>
        /// If <paramref name="tensors"/> are consecutive members of one live buffer, the buffer and the range that holds
        /// them (from the first one's segment to the end of the last one's padding).
        /// </summary>
        public static bool TryFindRun(IReadOnlyList<Tensor> tensors, out FlatStorage storage, out long start, out long length)
        {
            storage = null!;
            start = length = 0;
            lock (Gate)
            {
                if (tensors.Count == 0 || !Owners.TryGetValue(tensors[0], out FlatStorage? owner) || owner.Stale)
                {
                    return false;
                }

                int first = owner.indexOf[tensors[0]];
                if (first + tensors.Count > owner.Members.Length)
                {
                    return false;
                }

                for (int i = 1; i < tensors.Count; i++)
                {
                    if (!ReferenceEquals(owner.Members[first + i], tensors[i]))
                    {
                        return false;
                    }
                }

                int last = first + tensors.Count - 1;
                storage = owner;
                start = owner.Offsets[first];
                length = owner.Offsets[last] + RoundUp(owner.Numel(last)) - start;
                return true;
            }
        }

        /// <summary>Whether any flat buffer holds <paramref name="tensor"/>.</summary>
        public static bool IsBound(Tensor tensor)
        {
            lock (Gate)
            {
                return Owners.TryGetValue(tensor, out _);
            }
        }

        /// <summary>
        /// Releases this buffer's handle; members bound here keep their storage (it is reference-counted) and stay
        /// views of it, but no range of this buffer is offered any more.
        /// </summary>
        public void Dispose()
        {
            lock (Gate)
            {
                foreach (Tensor member in Members)
                {
                    if (Owners.TryGetValue(member, out FlatStorage? owner) && ReferenceEquals(owner, this))
                    {
                        Owners.Remove(member);
                    }
                }

                Stale = true;
                epoch++;
            }

            Values.Dispose();
        }

        private long Numel(int index)
        {
            long n = 1;
            foreach (long d in Shapes[index])
            {
                n *= d;
            }

            return n;
        }
    }
}
