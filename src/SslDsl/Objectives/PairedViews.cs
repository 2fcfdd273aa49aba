using System;
using SslDsl.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Objectives
{
    /// <summary>Shared pieces of the two-view losses whose inputs are <c>[2N, D]</c>, view 0 rows then view 1 rows.</summary>
    internal static class PairedViews
    {
        /// <summary>Checks that <paramref name="first"/> is <c>[2N, D]</c> with N ≥ 1 and the second has its shape; returns N.</summary>
        public static long Validate(string objective, Tensor first, string firstName, Tensor second, string secondName, long minimumSamples = 1)
        {
            long samples = ValidateOne(objective, first, firstName, minimumSamples);
            if (!second.shape.AsSpan().SequenceEqual(first.shape))
            {
                throw new ArgumentException(
                    $"{objective} expects {secondName} of the same shape as {firstName} [{Shape(first)}], got [{Shape(second)}]", secondName);
            }

            return samples;
        }

        /// <summary>Checks that the tensor is <c>[2N, D]</c> with N ≥ <paramref name="minimumSamples"/>; returns N.</summary>
        public static long ValidateOne(string objective, Tensor input, string name, long minimumSamples = 1)
        {
            // dim() first: a 0-D tensor has no shape[0]
            if (input.dim() != 2 || input.shape[0] % 2 != 0 || input.shape[0] < 2 * minimumSamples || input.shape[1] == 0)
            {
                string samples = minimumSamples > 1 ? $", N ≥ {minimumSamples}" : string.Empty;
                throw new ArgumentException(
                    $"{objective} expects {name} as [2·N, D] (view 0 rows, then view 1 rows{samples}), got [{Shape(input)}]", name);
            }

            return input.shape[0] / 2;
        }

        /// <summary>
        /// Per row r of <paramref name="online"/>, the cosine similarity with the detached row of
        /// <paramref name="target"/> that holds the same sample's other view: <c>[2N]</c>.
        /// </summary>
        public static Tensor CosineWithOtherView(Tensor online, Tensor target, long samples)
        {
            Tensor p = nn.functional.normalize(online, p: 2, dim: 1);
            Tensor z = nn.functional.normalize(target.detach(), p: 2, dim: 1);
            return p.mul(SwapViews(z, samples)).sum(1);
        }

        /// <summary>Rows of view 1 then rows of view 0: row r becomes the other view of r's sample.</summary>
        public static Tensor SwapViews(Tensor stacked, long samples) =>
            cat(new[] { stacked.narrow(0, samples, samples), stacked.narrow(0, 0, samples) }, 0);

        /// <summary>
        /// Every rank's view-major rows <c>[V·n, D]</c>, gathered and put view-major over the global batch:
        /// <c>[V·Size·n, D]</c>, this rank's sample i of view v at row <c>v·Size·n + Rank·n + i</c> (the order one process
        /// has). <paramref name="differentiable"/>: through <see cref="DistributedAutograd.AllGather"/>, whose backward
        /// returns each rank the gradient of its own rows.
        /// </summary>
        public static Tensor GatherViewMajor(Tensor viewMajor, int views, IProcessGroup group, bool differentiable)
        {
            long samples = viewMajor.shape[0] / views;
            Tensor rows = viewMajor.contiguous();
            Tensor gathered = differentiable ? DistributedAutograd.AllGather(group, rows) : group.AllGather(rows); // rank-major
            return gathered.view(group.Size, views, samples, -1).transpose(0, 1).reshape(views * group.Size * samples, -1);
        }

        public static string Shape(Tensor t) => string.Join(", ", t.shape);
    }
}
