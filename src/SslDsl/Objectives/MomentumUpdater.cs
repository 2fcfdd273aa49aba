using System;
using System.Collections.Generic;
using System.Linq;
using SslDsl.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>
    /// The exponential moving average that drives a target (momentum / key) network: after each optimizer step,
    /// <c>ξ ← m·ξ + (1 − m)·θ</c> for every parameter, in place, without autograd (MoCo eq. 2, BYOL eq. 1, MoCo v3).
    /// <para>
    /// Buffers: MoCo (v1–v3), BYOL's official code and lightly average the parameters only; the target's
    /// BatchNorm running statistics are left to itself (it normalises with batch statistics while training anyway).
    /// If buffer lists are given here they are copied from the online network at each update (not averaged: integer
    /// buffers such as <c>num_batches_tracked</c> have no average), so that a target used in eval mode normalises
    /// like the online network. Omit them to follow the papers exactly.
    /// </para>
    /// <para>
    /// The average is two whole-buffer ops: on the first update the target parameters move into one flat buffer
    /// (<see cref="FlatStorage"/>), and the online parameters are found as a consecutive range of the optimizer's flat
    /// buffer (the generated trainers list the online modules first), or, if no optimizer holds them, moved into a
    /// flat buffer of their own. Where neither works (mixed dtypes, online parameters scattered through a buffer) it
    /// falls back to one op pair per parameter.
    /// </para>
    /// </summary>
    public sealed class MomentumUpdater
    {
        private readonly Tensor[] online;
        private readonly Tensor[] target;
        private readonly Tensor[] onlineBuffers;
        private readonly Tensor[] targetBuffers;
        private FlatStorage? targetStorage;
        private FlatStorage? onlineStorage; // only when no optimizer holds the online parameters
        private Tensor? onlineRange;        // the online parameters, flat, laid out like targetStorage
        private long resolvedAt = -1;       // FlatStorage.Epoch when onlineRange was found

        public MomentumUpdater(IEnumerable<Tensor> online, IEnumerable<Tensor> target, IEnumerable<Tensor>? onlineBuffers = null, IEnumerable<Tensor>? targetBuffers = null)
        {
            this.online = online.ToArray();
            this.target = target.ToArray();
            CheckPairs(this.online, this.target, "parameters", nameof(target));
            if ((onlineBuffers is null) != (targetBuffers is null))
            {
                throw new ArgumentException("give both buffer lists (online and target) or neither", nameof(targetBuffers));
            }

            this.onlineBuffers = onlineBuffers?.ToArray() ?? Array.Empty<Tensor>();
            this.targetBuffers = targetBuffers?.ToArray() ?? Array.Empty<Tensor>();
            CheckPairs(this.onlineBuffers, this.targetBuffers, "buffers", nameof(targetBuffers));
        }

        /// <summary>The parameters of two modules of the same architecture; their buffers too if <paramref name="copyBuffers"/>.</summary>
        public MomentumUpdater(nn.Module online, nn.Module target, bool copyBuffers = false)
            : this(online.parameters(), target.parameters(), copyBuffers ? online.buffers() : null, copyBuffers ? target.buffers() : null)
        {
        }

        /// <summary>Number of averaged parameter tensors.</summary>
        public int ParameterCount => online.Length;

        /// <summary>
        /// <c>target = m·target + (1 − m)·online</c> for every parameter; buffers (if any) copied. m ∈ [0, 1]:
        /// 1 leaves the parameters as they are, 0 copies them.
        /// </summary>
        public void Update(double momentum)
        {
            if (!(momentum >= 0 && momentum <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "the EMA momentum must be in [0, 1]");
            }

            using var noGrad = no_grad(); // in-place ops only: they return their receiver, so no dispose scope is needed
            if (momentum != 1)
            {
                if (FlatStorage.FusedUpdates && FlatOnline() is Tensor onlineFlat)
                {
                    targetStorage!.Values.mul_(momentum).add_(onlineFlat, alpha: 1 - momentum);
                }
                else
                {
                    for (int i = 0; i < online.Length; i++)
                    {
                        target[i].mul_(momentum).add_(online[i], alpha: 1 - momentum);
                    }
                }
            }

            for (int i = 0; i < onlineBuffers.Length; i++)
            {
                targetBuffers[i].copy_(onlineBuffers[i]);
            }
        }

        /// <summary>
        /// The online parameters as one flat range laid out like the target buffer, or null (per-parameter updates).
        /// Looked up again whenever some flat buffer was (re)bound since: an optimizer built or rebound later moves
        /// the online parameters.
        /// </summary>
        private Tensor? FlatOnline()
        {
            if (resolvedAt == FlatStorage.Epoch)
            {
                return onlineRange;
            }

            onlineRange?.Dispose();
            onlineRange = null;
            if (online.Length > 0 && SameDTypeAndDevice(target) && SameDTypeAndDevice(online) && online[0].dtype == target[0].dtype)
            {
                if (targetStorage is null)
                {
                    targetStorage = new FlatStorage(target);
                }
                else if (targetStorage.Stale)
                {
                    targetStorage.Bind();
                }

                // a buffer of its own only for parameters no one else holds: taking them from a live optimizer would
                // make both rebind (and copy) at every step
                if (!FlatStorage.TryFindRun(online, out FlatStorage storage, out long start, out long length) && !online.Any(FlatStorage.IsBound))
                {
                    if (onlineStorage is null)
                    {
                        onlineStorage = new FlatStorage(online);
                    }
                    else
                    {
                        onlineStorage.Bind();
                    }
                }

                if (FlatStorage.TryFindRun(online, out storage, out start, out length) && length == targetStorage.Length
                    && storage.Values.device_type == targetStorage.Values.device_type && storage.Values.device_index == targetStorage.Values.device_index)
                {
                    onlineRange = storage.Values.narrow(0, start, length).DetachFromDisposeScope();
                }
            }

            resolvedAt = FlatStorage.Epoch;
            return onlineRange;
        }

        private static bool SameDTypeAndDevice(Tensor[] tensors) =>
            tensors.All(t => t.dtype == tensors[0].dtype && t.device_type == tensors[0].device_type && t.device_index == tensors[0].device_index)
            && tensors.Distinct(ReferenceEqualityComparer.Instance).Count() == tensors.Length;

        /// <summary>
        /// The initial copy (MoCo: <c>param_k.data.copy_(param_q.data)</c>): every target tensor takes the online value
        /// and stops requiring gradients.
        /// </summary>
        public static void CopyInto(IEnumerable<Tensor> online, IEnumerable<Tensor> target)
        {
            Tensor[] from = online.ToArray();
            Tensor[] to = target.ToArray();
            CheckPairs(from, to, "tensors", nameof(target));
            using var noGrad = no_grad();
            for (int i = 0; i < from.Length; i++)
            {
                to[i].copy_(from[i]);
                to[i].requires_grad = false;
            }
        }

        /// <summary>Copies parameters and buffers of <paramref name="online"/> into <paramref name="target"/>; target parameters stop requiring gradients.</summary>
        public static void CopyInto(nn.Module online, nn.Module target)
        {
            CopyInto(online.parameters(), target.parameters());
            CopyInto(online.buffers(), target.buffers());
        }

        private static void CheckPairs(Tensor[] online, Tensor[] target, string what, string paramName)
        {
            if (online.Length != target.Length)
            {
                throw new ArgumentException($"the online network has {online.Length} {what} and the target {target.Length}", paramName);
            }

            for (int i = 0; i < online.Length; i++)
            {
                if (!online[i].shape.AsSpan().SequenceEqual(target[i].shape))
                {
                    throw new ArgumentException(
                        $"{what} #{i}: online [{PairedViews.Shape(online[i])}] and target [{PairedViews.Shape(target[i])}] differ in shape", paramName);
                }
            }
        }
    }
}
