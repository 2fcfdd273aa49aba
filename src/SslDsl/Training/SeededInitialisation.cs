namespace SslDsl.Training
{
    /// <summary>
    /// Generated trainers seed TorchSharp's global generator and initialise their modules from it. Two trainers built
    /// at the same time on different threads would interleave those draws; holding this lock while seeding and
    /// building keeps "same seed, same initial weights" true under concurrency (tests run in parallel, servers too).
    /// </summary>
    public static class SeededInitialisation
    {
        /// <summary>Held by a generated trainer's constructor from <c>manual_seed</c> to the last module built.</summary>
        public static readonly object Lock = new();
    }
}
