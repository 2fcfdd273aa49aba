using System;
using System.IO;
using Spectre.Console;

namespace SslDsl.Training.Progress
{
    /// <summary>The monitors a training run can use; <see cref="ForFit"/> is the choice the training loop makes.</summary>
    public static class TrainingMonitors
    {
        /// <summary>Watches nothing.</summary>
        public static ITrainingMonitor None => NoMonitor.Instance;

        /// <summary>
        /// On a terminal (standard output not redirected, <c>CI</c> unset, <c>TERM</c> not <c>dumb</c>): a live bar with
        /// epoch, step/total, loss, learning rate, images/s and ETA, redrawn at most 10 times a second. Otherwise plain
        /// lines, one per window and one per epoch, e.g.
        /// <c>epoch 2/4 step 120/480 loss 3.1416 lr 1.00e-03 512 samples/s eta 00:03:12</c>.
        /// </summary>
        /// <param name="output">Where to write; <see cref="System.Console.Out"/> when null. Another writer is not a terminal unless <paramref name="interactive"/> says so.</param>
        /// <param name="interactive">Live bar (true) or plain lines (false); detected when null.</param>
        public static ITrainingMonitor Console(TextWriter? output = null, bool? interactive = null)
        {
            var writer = output ?? System.Console.Out;
            bool live = interactive ?? IsTerminal(writer);
            return live
                ? new LiveBarMonitor(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.Yes }), TimeProvider.System)
                : new PlainLineMonitor(writer, TimeProvider.System);
        }

        /// <summary>One monitor that forwards to all of <paramref name="monitors"/>, in order.</summary>
        public static ITrainingMonitor Combine(params ITrainingMonitor[] monitors)
        {
            ArgumentNullException.ThrowIfNull(monitors);
            var watching = Array.FindAll(monitors, m => m is not null && m is not NoMonitor);
            return watching.Length switch
            {
                0 => None,
                1 => watching[0],
                _ => new CombinedMonitor(watching),
            };
        }

        /// <summary>
        /// What <c>Fit</c> watches with: the caller's <paramref name="progress"/> alone when given (it chose its own
        /// output, so nothing extra is printed), the console otherwise; plus a <see cref="MetricsFile"/> when
        /// <paramref name="metricsPath"/> is given.
        /// </summary>
        public static ITrainingMonitor ForFit(IProgress<EpochReport>? progress, string? metricsPath = null)
        {
            var shown = progress is not null ? new ProgressMonitor(progress) : Console();
            return metricsPath is null ? shown : Combine(shown, new MetricsFile(metricsPath));
        }

        /// <summary>A person watching: the process's own terminal, not redirected, not a CI log.</summary>
        internal static bool IsTerminal(TextWriter writer) =>
            ReferenceEquals(writer, System.Console.Out)
            && !System.Console.IsOutputRedirected
            && !IsSet(Environment.GetEnvironmentVariable("CI"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";

        // CI systems set CI=true (or 1); CI=false or 0 is someone switching it off by hand.
        internal static bool IsSet(string? value) =>
            !string.IsNullOrEmpty(value) && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
