using System.Linq;
using SslDsl.Training.Progress;

namespace SslDsl.Tests.Training.Progress;

/// <summary>Lines printed above the live bar: full-width rows, so none leaves part of the old bar beside it.</summary>
public sealed class ConsoleRowsTests
{
    [Fact]
    public void FoldsAtSpacesAndPadsEveryRowToTheWidth()
    {
        var rows = ConsoleRows.Of("epoch 3/3 done loss 1.6120", 12).ToArray();

        Assert.Equal(new[] { "epoch 3/3   ", "done loss   ", "1.6120      " }, rows);
    }

    [Fact]
    public void BreaksAWordLongerThanTheWidth()
    {
        Assert.Equal(new[] { "checkp", "oints/" }, ConsoleRows.Of("checkpoints/", 6));
    }

    [Fact]
    public void NoWidthLeavesTheLineWhole()
    {
        Assert.Equal(new[] { "as is" }, ConsoleRows.Of("as is", 0));
    }
}
