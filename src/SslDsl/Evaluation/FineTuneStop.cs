namespace SslDsl.Evaluation
{
    /// <summary>Why <see cref="FineTuner.Fit"/> stopped (<see cref="FineTuneResult.StopReason"/>).</summary>
    public enum FineTuneStop
    {
        /// <summary>Every epoch of <see cref="FineTuneOptions.Epochs"/> ran.</summary>
        AllEpochs,

        /// <summary>The validation loss did not improve for <see cref="FineTuneOptions.Patience"/> epochs.</summary>
        EarlyStopping,

        /// <summary>
        /// An epoch's training or validation loss was NaN or infinite: that epoch was discarded and the weights of the
        /// best finite epoch restored (its loss is the last entry of <see cref="FineTuneResult.History"/>).
        /// </summary>
        NonFiniteLoss,
    }
}
