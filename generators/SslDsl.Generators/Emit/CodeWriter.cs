using System;
using System.CodeDom.Compiler;
using System.Globalization;
using System.IO;

namespace SslDsl.Generators.Emit
{
    /// <summary>Indented source writer with block helpers, so emitted code reads like hand-written code.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringWriter text = new(CultureInfo.InvariantCulture) { NewLine = "\n" };
        private readonly IndentedTextWriter writer;

        public CodeWriter() => writer = new IndentedTextWriter(text, "    ") { NewLine = "\n" };

        public CodeWriter Line(string line = "")
        {
            if (line.Length == 0)
            {
                writer.WriteLineNoTabs(string.Empty);
            }
            else
            {
                writer.WriteLine(line);
            }

            return this;
        }

        /// <summary>Writes <paramref name="header"/>, an opening brace, the body indented, and the closing brace.</summary>
        public CodeWriter Block(string header, Action body, string close = "}")
        {
            writer.WriteLine(header);
            writer.WriteLine("{");
            writer.Indent++;
            body();
            writer.Indent--;
            writer.WriteLine(close);
            return this;
        }

        public override string ToString() => text.ToString();

        /// <summary>A double as a C# literal that round-trips.</summary>
        public static string Literal(double value)
        {
            string s = value.ToString("R", CultureInfo.InvariantCulture);
            return s.Contains(".") || s.Contains("E") ? s : s + ".0";
        }

        public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Literal(bool value) => value ? "true" : "false";

        /// <summary>A string as a verbatim-free C# literal (quotes, backslashes and control characters escaped).</summary>
        public static string StringLiteral(string value)
        {
            var builder = new System.Text.StringBuilder("\"");
            foreach (char c in value)
            {
                builder.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            }

            return builder.Append('"').ToString();
        }
    }
}
