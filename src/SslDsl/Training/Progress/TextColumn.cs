using System;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SslDsl.Training.Progress
{
    /// <summary>A live-bar column whose text is read at each refresh (on the render thread, never the training loop's).</summary>
    internal sealed class TextColumn : ProgressColumn
    {
        private readonly Func<string> text;

        public TextColumn(Func<string> text) => this.text = text;

        // A narrow terminal crops the line instead of folding the bar over several rows.
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(text());
    }
}
