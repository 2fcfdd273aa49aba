using System;
using System.Collections.Generic;

namespace SslDsl.Evaluation
{
    /// <summary>
    /// Thrown by <see cref="FineTuner.Fit"/> when the loss of the first epoch is NaN or infinite, so that no finite
    /// weights exist to keep; the encoder has been given back the weights it had before the call.
    /// </summary>
    public sealed class FineTuneDivergedException : ArithmeticException
    {
        internal FineTuneDivergedException(FineTuneEpoch epoch, IReadOnlyList<FineTuneEpoch> history)
            : base($"fine-tuning diverged at epoch {epoch.Epoch}: training loss {epoch.TrainLoss}, validation loss {epoch.ValidationLoss} "
                + "(NaN or infinite) and no earlier epoch had a finite loss; the encoder has its weights from before FineTune again. "
                + "Lower the learning rate or check the inputs.")
        {
            Epoch = epoch.Epoch;
            History = history;
        }

        /// <summary>1-based epoch whose loss was NaN or infinite.</summary>
        public int Epoch { get; }

        /// <summary>The epochs run, the non-finite one last.</summary>
        public IReadOnlyList<FineTuneEpoch> History { get; }
    }
}
