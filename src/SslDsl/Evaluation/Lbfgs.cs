using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace SslDsl.Evaluation
{
    /// <summary>How a <c>Lbfgs.Minimize</c> run ended: the last evaluated loss, iterations and objective evaluations.</summary>
    internal sealed record LbfgsOutcome(double Loss, int Iterations, int Evaluations);

    /// <summary>
    /// L-BFGS without line search, step for step as <c>torch.optim.LBFGS</c> (PyTorch's lbfgs.py / libtorch's
    /// lbfgs.cpp: two-loop recursion, first step min(1, 1/|g|₁)·lr, then lr; the same five stopping rules), in
    /// managed code over one flat parameter vector.
    /// </summary>
    /// <remarks>
    /// Why not TorchSharp's <c>optim.LBFGS</c>: (1) it runs the loss closure as a callback from native code, where a
    /// .NET exception cannot unwind through libtorch's frames and aborts the process (a bad label used to exit with
    /// 134); here the objective is an ordinary managed call and its exceptions propagate. (2) Its constructor calls
    /// libtorch's deprecated <c>Optimizer::parameters()</c>, which prints "Optimizer::parameters() will be removed in
    /// PyTorch 1.6" to stderr on every construction (TorchSharp 0.107, libtorch 2.10); nothing here calls it.
    /// Scalars (ys, ρ, α, β) are doubles read from float dot products; libtorch keeps them as float tensors, so the
    /// iterates agree to rounding, not bit for bit.
    /// </remarks>
    internal static class Lbfgs
    {
        /// <summary>
        /// Minimises <paramref name="objective"/> over <paramref name="x"/> (a 1-D floating tensor, updated in place).
        /// The objective gets a leaf that requires grad and shares <paramref name="x"/>'s storage, and returns a scalar
        /// loss; the gradient comes from autograd. <paramref name="maxEvaluations"/> defaults to 5/4 of the iterations, as in PyTorch.
        /// </summary>
        internal static LbfgsOutcome Minimize(
            Tensor x,
            Func<Tensor, Tensor> objective,
            int maxIterations,
            double learningRate = 1,
            int historySize = 100,
            double toleranceGrad = 1e-7,
            double toleranceChange = 1e-9,
            int? maxEvaluations = null) =>
            Minimize(x, point => Evaluate(point, objective), maxIterations, learningRate, historySize, toleranceGrad, toleranceChange, maxEvaluations);

        /// <summary>
        /// As the autograd overload, for an objective that computes its own gradient: <paramref name="lossAndGradient"/>
        /// gets <paramref name="x"/> (read it, do not change it) and returns the loss and a new gradient tensor, which
        /// the minimiser then owns. A closed-form gradient can be much cheaper than autograd's (the linear probe's is).
        /// </summary>
        internal static LbfgsOutcome Minimize(
            Tensor x,
            Func<Tensor, (double Loss, Tensor Gradient)> lossAndGradient,
            int maxIterations,
            double learningRate = 1,
            int historySize = 100,
            double toleranceGrad = 1e-7,
            double toleranceChange = 1e-9,
            int? maxEvaluations = null)
        {
            int maxEval = maxEvaluations ?? maxIterations * 5 / 4;
            var oldDirections = new List<Tensor>();
            var oldSteps = new List<Tensor>();
            var rho = new List<double>();
            Tensor? direction = null;
            Tensor? previousGradient = null;
            Tensor? gradient = null;
            try
            {
                using var noGrad = no_grad();
                (double loss, gradient) = Evaluate(x, lossAndGradient);
                int evaluations = 1;
                int iteration = 0;
                if (!double.IsFinite(loss) || MaxAbs(gradient) <= toleranceGrad)
                {
                    return new LbfgsOutcome(loss, iteration, evaluations);
                }

                double t = 0;
                double hessianDiagonal = 1;
                while (iteration < maxIterations)
                {
                    iteration++;
                    using var scope = NewDisposeScope();
                    if (iteration == 1)
                    {
                        direction = gradient.neg().DetachFromDisposeScope();
                    }
                    else
                    {
                        // Update the curvature pairs (y = Δgradient, s = last step) when ys > 0 keeps the estimate positive definite.
                        Tensor y = gradient.sub(previousGradient!);
                        Tensor s = direction!.mul(t);
                        double ys = Read(y.dot(s));
                        if (ys > 1e-10)
                        {
                            if (oldDirections.Count == historySize)
                            {
                                oldDirections[0].Dispose();
                                oldSteps[0].Dispose();
                                oldDirections.RemoveAt(0);
                                oldSteps.RemoveAt(0);
                                rho.RemoveAt(0);
                            }

                            oldDirections.Add(y.DetachFromDisposeScope());
                            oldSteps.Add(s.DetachFromDisposeScope());
                            rho.Add(1.0 / ys);
                            hessianDiagonal = ys / Read(y.dot(y));
                        }

                        // Two-loop recursion: direction = −H·gradient.
                        int count = oldDirections.Count;
                        var alpha = new double[count];
                        Tensor q = gradient.neg();
                        for (int i = count - 1; i >= 0; i--)
                        {
                            alpha[i] = Read(oldSteps[i].dot(q)) * rho[i];
                            q.add_(oldDirections[i], alpha: -alpha[i]);
                        }

                        Tensor r = q.mul(hessianDiagonal);
                        for (int i = 0; i < count; i++)
                        {
                            double beta = Read(oldDirections[i].dot(r)) * rho[i];
                            r.add_(oldSteps[i], alpha: alpha[i] - beta);
                        }

                        direction!.Dispose();
                        direction = r.DetachFromDisposeScope();
                    }

                    previousGradient?.Dispose();
                    previousGradient = gradient.clone().DetachFromDisposeScope();
                    double previousLoss = loss;
                    t = iteration == 1 ? Math.Min(1.0, 1.0 / Read(gradient.abs().sum())) * learningRate : learningRate;
                    double descent = Read(gradient.dot(direction!));
                    if (descent > -toleranceChange)
                    {
                        break; // not a descent direction any more
                    }

                    x.add_(direction!, alpha: t);
                    bool optimal = false;
                    if (iteration != maxIterations)
                    {
                        gradient.Dispose();
                        (loss, gradient) = Evaluate(x, lossAndGradient);
                        evaluations++;
                        optimal = MaxAbs(gradient) <= toleranceGrad;
                    }

                    if (iteration == maxIterations || evaluations >= maxEval || optimal || !double.IsFinite(loss))
                    {
                        break;
                    }

                    if (Read(direction!.mul(t).abs().max()) <= toleranceChange || Math.Abs(loss - previousLoss) < toleranceChange)
                    {
                        break; // the parameters or the loss no longer change
                    }
                }

                return new LbfgsOutcome(loss, iteration, evaluations);
            }
            finally
            {
                direction?.Dispose();
                previousGradient?.Dispose();
                gradient?.Dispose();
                oldDirections.ForEach(t => t.Dispose());
                oldSteps.ForEach(t => t.Dispose());
            }
        }

        /// <summary>Loss and gradient of an objective whose gradient the minimiser owns, checked to fit <paramref name="x"/>.</summary>
        private static (double Loss, Tensor Gradient) Evaluate(Tensor x, Func<Tensor, (double Loss, Tensor Gradient)> lossAndGradient)
        {
            (double loss, Tensor gradient) = lossAndGradient(x);
            gradient.DetachFromDisposeScope(); // the minimiser owns it, across its per-iteration scopes
            if (!gradient.shape.AsSpan().SequenceEqual(x.shape))
            {
                gradient.Dispose();
                throw new InvalidOperationException($"the L-BFGS gradient has shape [{string.Join(", ", gradient.shape)}], the parameters [{string.Join(", ", x.shape)}]");
            }

            return (loss, gradient);
        }

        /// <summary>Loss (read on the host) and gradient (owned by the caller) of the objective at <paramref name="x"/>.</summary>
        private static (double Loss, Tensor Gradient) Evaluate(Tensor x, Func<Tensor, Tensor> objective)
        {
            using var scope = NewDisposeScope();
            using var enableGrad = enable_grad();
            Tensor leaf = x.detach().requires_grad_(true);
            Tensor loss = objective(leaf);
            if (loss.numel() != 1)
            {
                throw new InvalidOperationException($"the L-BFGS objective must return a scalar loss, got [{string.Join(", ", loss.shape)}]");
            }

            loss.backward();
            Tensor gradient = leaf.grad ?? zeros_like(x);
            return (Read(loss), gradient.detach().DetachFromDisposeScope());
        }

        private static double MaxAbs(Tensor t)
        {
            using var scope = NewDisposeScope();
            return Read(t.abs().max());
        }

        /// <summary>A 0-d tensor's value (float32 values are exact in double).</summary>
        private static double Read(Tensor scalar) => scalar.to_type(ScalarType.Float64).item<double>();
    }
}
