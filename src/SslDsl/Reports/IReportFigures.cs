using System.Collections.Generic;

namespace SslDsl.Reports
{
    /// <summary>
    /// Draws a report's figures (PNG) into its folder before the report is written; the plotting package implements it
    /// (<c>SslDsl.Plots.RunReportFigures</c>), so the runtime needs no drawing library.
    /// </summary>
    public interface IReportFigures
    {
        /// <summary>Draws what <paramref name="report"/> holds into <paramref name="directory"/>; returns (title, file name) per figure.</summary>
        IReadOnlyList<ReportFigure> Draw(RunReport report, string directory);
    }

    /// <summary>A figure of a report: its title and its file, relative to the report's folder.</summary>
    public sealed record ReportFigure(string Title, string File);
}
