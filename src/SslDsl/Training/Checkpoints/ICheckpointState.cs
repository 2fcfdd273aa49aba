using System;

namespace SslDsl.Training.Checkpoints
{
    /// <summary>
    /// A part of a trainer whose state a checkpoint holds: a module's weights, the optimizer's buffers, MoCo's key
    /// queue, the augmentation generator, the run's position. Loading is two-phase so that a bad checkpoint changes
    /// nothing: <see cref="Stage"/> checks everything and returns the copy, which the trainer runs only once every
    /// part has staged.
    /// </summary>
    public interface ICheckpointState
    {
        /// <summary>Writes every value under keys that start with <paramref name="prefix"/>.</summary>
        void Write(StateWriter writer, string prefix);

        /// <summary>
        /// Reads and checks (presence, dtype, shape, range) everything this part needs from <paramref name="reader"/>
        /// and returns the action that copies it in. Throws <see cref="System.IO.InvalidDataException"/> before
        /// changing anything; the returned action cannot fail for a reason the checkpoint controls.
        /// </summary>
        Action Stage(StateReader reader, string prefix);
    }
}
