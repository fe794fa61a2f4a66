using System.Globalization;

namespace LstmLab.Data;

/// <summary>How often a series is observed: read from its dates (yyyy-MM-dd, yyyy-MM, yyyy).</summary>
public enum Frequency
{
    /// <summary>One value per day.</summary>
    Daily,

    /// <summary>One value per month (dated the first of the month).</summary>
    Monthly,

    /// <summary>One value per year (dated January 1).</summary>
    Yearly,
}

/// <summary>What a <see cref="Frequency"/> means for a forecast: its step's name, its dates, its season.</summary>
public static class Frequencies
{
    /// <summary>One step of the series: "day", "month" or "year".</summary>
    public static string StepName(this Frequency frequency) =>
        frequency switch
        {
            Frequency.Daily => "day",
            Frequency.Monthly => "month",
            _ => "year",
        };

    /// <summary>"1 month", "731 days": a number of steps with the step's name.</summary>
    public static string Steps(this Frequency frequency, int count) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{count:#,0} {frequency.StepName()}{(count == 1 ? "" : "s")}"
        );

    /// <summary>A date as precise as the series: 1981-01-01, 1981-01 or 1981.</summary>
    public static string Format(this Frequency frequency, DateOnly date) =>
        date.ToString(
            frequency switch
            {
                Frequency.Daily => "yyyy-MM-dd",
                Frequency.Monthly => "yyyy-MM",
                _ => "yyyy",
            },
            CultureInfo.InvariantCulture
        );

    /// <summary>The date one step after <paramref name="date"/>.</summary>
    public static DateOnly Next(this Frequency frequency, DateOnly date) =>
        frequency switch
        {
            Frequency.Daily => date.AddDays(1),
            Frequency.Monthly => date.AddMonths(1),
            _ => date.AddYears(1),
        };

    /// <summary>
    /// The season of the seasonal-naive baseline, in steps: 12 for monthly data (this March is
    /// like last March); 365 for daily data, because the daily series here follow the weather
    /// and the year, not the working week (7 suits series made by people, such as sales or
    /// traffic; pass it explicitly there); none for yearly data, which has no calendar season.
    /// A cycle that is not a calendar season, such as the sunspots' 9–14-year cycle, drifts
    /// against any fixed period.
    /// </summary>
    public static int? SeasonalPeriod(this Frequency frequency) =>
        frequency switch
        {
            Frequency.Daily => 365,
            Frequency.Monthly => 12,
            _ => null,
        };
}
