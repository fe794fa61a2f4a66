namespace LstmLab.Forecasting;

/// <summary>Dates as numbers a chart can use for its x axis.</summary>
public static class TimeAxis
{
    /// <summary>
    /// Each date as a fractional year: 1960-01-01 is 1960.0, 1960-07-01 is about 1960.5
    /// (year + days since January 1 / days in the year).
    /// </summary>
    public static double[] Years(IEnumerable<DateOnly> dates) =>
        dates
            .Select(d => d.Year + (d.DayOfYear - 1) / (DateTime.IsLeapYear(d.Year) ? 366.0 : 365.0))
            .ToArray();
}
