using static TorchSharp.torch;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>Where <see cref="ICheckpointState"/> parts write: a checkpoint file or an in-memory snapshot.</summary>
    public abstract class StateWriter
    {
        /// <summary>Records <paramref name="value"/> (any device) under <paramref name="key"/>; the writer copies it.</summary>
        public abstract void Tensor(string key, Tensor value);

        public abstract void Int64(string key, long value);

        public abstract void Double(string key, double value);

        public abstract void Text(string key, string value);
    }
}
