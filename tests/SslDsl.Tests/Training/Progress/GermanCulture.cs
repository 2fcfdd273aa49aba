using System;
using System.Globalization;

namespace SslDsl.Tests.Training.Progress;

/// <summary>Runs code under de-DE (decimal comma), where culture-sensitive formatting would write "3,1416".</summary>
internal static class GermanCulture
{
    public static T Run<T>(Func<T> action)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
