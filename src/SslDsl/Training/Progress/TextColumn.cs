using System;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SslDsl.Training.Progress
{
    /// <summary>
    /// A live-bar column whose text is read at each refresh (on the render thread, never the training loop's). With
    /// <c>cropToConsole</c>, the text is cut to the terminal's width: Spectre would fold it at spaces over several rows,
    /// and a live display that changes height leaves stale rows behind.
    /// </summary>
    internal sealed class TextColumn : ProgressColumn
    {
        private readonly Func<string> text;
        private readonly bool cropToConsole;

        public TextColumn(Func<string> text, bool cropToConsole = false)
        {
            this.text = text;
            this.cropToConsole = cropToConsole;
        }

        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            string value = text();
            int width = options.ConsoleSize.Width - 1; // the last cell makes some terminals wrap
            if (cropToConsole && value.Length > width)
            {
                value = width > 1 ? value[..(width - 1)] + "…" : "";
            }

            return new Text(value);
        }
    }
}
