using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace SslDsl.Distributed
{
    /// <summary>Collectives that autograd differentiates through.</summary>
    public static class DistributedAutograd
    {
        /// <summary>
        /// Every rank's <paramref name="local"/> rows concatenated in rank order (<c>[Size · n, …]</c>), differentiable:
        /// in backward the gradients of the gathered tensor are summed over the ranks and each rank keeps the slice of
        /// its own rows. When each rank's loss uses the gathered rows and the ranks' parameter gradients are then
        /// averaged (data parallel), this gives the gradient of the mean of the ranks' losses — for per-anchor-mean
        /// losses such as NT-Xent, exactly the single-process gradient over the global batch. One process: identity.
        /// </summary>
        public static Tensor AllGather(IProcessGroup group, Tensor local)
        {
            if (group.Size == 1)
            {
                return local.alias();
            }

            return AllGatherFunction.apply(local, new GroupArgument(group));
        }

        /// <summary>
        /// The sum of <paramref name="local"/> over the ranks, differentiable: backward all-reduces the gradient too. When
        /// every rank computes the same loss from such sums (batch statistics of the global batch) and the ranks'
        /// parameter gradients are then averaged, the result is the gradient of that global loss. One process: identity.
        /// </summary>
        public static Tensor AllReduceSum(IProcessGroup group, Tensor local)
        {
            if (group.Size == 1)
            {
                return local.alias();
            }

            return AllReduceSumFunction.apply(local, new GroupArgument(group));
        }

        /// <summary>A non-tensor argument for the autograd function (it keeps the group for backward).</summary>
        private sealed record GroupArgument(IProcessGroup Group);

        private sealed class AllReduceSumFunction : SingleTensorFunction<AllReduceSumFunction>
        {
            public override string Name => "SslDslAllReduceSum";

            public override Tensor forward(AutogradContext ctx, params object[] vars)
            {
                IProcessGroup group = ((GroupArgument)vars[1]).Group;
                ctx.save_data("group", group);
                Tensor summed = ((Tensor)vars[0]).detach().contiguous().clone();
                group.AllReduceSum(summed);
                return summed;
            }

            public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
            {
                var group = (IProcessGroup)ctx.get_data("group");
                Tensor summed = grad_output.contiguous().clone();
                group.AllReduceSum(summed);
                return new List<Tensor> { summed, null! };
            }
        }

        private sealed class AllGatherFunction : SingleTensorFunction<AllGatherFunction>
        {
            public override string Name => "SslDslAllGather";

            public override Tensor forward(AutogradContext ctx, params object[] vars)
            {
                var local = (Tensor)vars[0];
                IProcessGroup group = ((GroupArgument)vars[1]).Group;
                ctx.save_data("group", group);
                ctx.save_data("rows", local.shape[0]);
                return group.AllGather(local.detach().contiguous());
            }

            public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
            {
                var group = (IProcessGroup)ctx.get_data("group");
                long rows = (long)ctx.get_data("rows");
                Tensor summed = grad_output.contiguous().clone();
                group.AllReduceSum(summed);
                Tensor mine = summed.narrow(0, group.Rank * rows, rows).clone();
                summed.Dispose();
                return new List<Tensor> { mine, null! };
            }
        }
    }
}
