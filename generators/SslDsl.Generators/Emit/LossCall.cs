using System;
using System.Linq;

namespace SslDsl.Generators.Emit
{
    /// <summary>
    /// The loss of a joint-embedding step as a call on named tensors (<c>projections</c>, <c>predictions</c>,
    /// <c>targets</c>), so that a two-view loss over more views can pass each tensor narrowed to a pair.
    /// </summary>
    internal sealed class LossCall
    {
        private readonly string method;
        private readonly string[] tensors;

        public LossCall(string method, params string[] tensors)
        {
            this.method = method;
            this.tensors = tensors;
        }

        /// <summary>The call on the whole tensors.</summary>
        public override string ToString() => Format(t => t);

        /// <summary>Arguments after the tensors, as written (e.g. <c>ProcessGroup</c> for a loss that gathers across ranks).</summary>
        public string[] Trailing { get; set; } = Array.Empty<string>();

        /// <summary>The call with each tensor argument written by <paramref name="tensor"/>.</summary>
        public string Format(Func<string, string> tensor) => $"{method}({string.Join(", ", tensors.Select(tensor).Concat(Trailing))})";
    }
}
