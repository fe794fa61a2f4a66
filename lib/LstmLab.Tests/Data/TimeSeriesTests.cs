using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class TimeSeriesTests
{
    private static Series Csv(string text, string value = "Value", string date = "Month")
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("series.csv"), text);
        return TimeSeries.FromCsv(temp.File("series.csv"), value, date, "test", "units");
    }

    private static string Error(string text, string value = "Value") =>
        Assert.Throws<InvalidDataException>(() => Csv(text, value)).Message;

    [Fact]
    public void Reads_quoted_monthly_csv_and_reports_missing_months()
    {
        var series = Csv(
            "\"Month\",\"Value\"\r\n\"2000-01\",1.5\r\n\"2000-02\",2\r\n\"2000-05\",3"
        );
        Assert.Equal(Frequency.Monthly, series.Frequency);
        Assert.Equal([1.5f, 2f, 3f], series.Values);
        Assert.Equal(new DateOnly(2000, 2, 1), series.Dates[1]);
        Assert.Equal([new DateOnly(2000, 3, 1), new DateOnly(2000, 4, 1)], series.MissingDates);
        Assert.Contains("2 missing dates: 2000-03, 2000-04", series.ToString());
        Assert.Contains("<polyline", series.ToHtml());
    }

    [Fact]
    public void Dates_on_the_first_of_each_month_are_monthly()
    {
        var series = Csv("Month,Value\n1958-03-01,1\n1958-04-01,2\n1958-06-01,3\n");
        Assert.Equal(Frequency.Monthly, series.Frequency);
        Assert.Equal([new DateOnly(1958, 5, 1)], series.MissingDates);
    }

    [Fact]
    public void The_frequency_read_from_the_dates_names_the_step_and_the_season()
    {
        var yearly = Csv("Year,Value\n1700,5\n1701,11\n1703,16\n", date: "Year");
        var daily = Csv("Date,Value\n1981-01-01,20.7\n1981-01-02,17.9\n", date: "Date");
        var monthly = Csv("Month,Value\n2000-01,1\n2000-02,2\n");

        Assert.Equal(Frequency.Yearly, yearly.Frequency);
        Assert.Equal([new DateOnly(1702, 1, 1)], yearly.MissingDates);
        Assert.Null(yearly.SeasonalPeriod);
        Assert.Equal("1703", yearly.Frequency.Format(yearly.Dates[^1]));
        Assert.Equal("3 years", yearly.Frequency.Steps(3));
        Assert.Equal(Frequency.Daily, daily.Frequency);
        Assert.Equal(365, daily.SeasonalPeriod);
        Assert.Equal("1 day", daily.Frequency.Steps(1));
        Assert.Equal("1981-01-02", daily.Frequency.Format(daily.Dates[^1]));
        Assert.Equal(12, monthly.SeasonalPeriod);
        Assert.Equal("731 months", monthly.Frequency.Steps(731));
        Assert.Contains("2 monthly values, 2000-01 .. 2000-02", monthly.ToString());
    }

    [Fact]
    public void Empty_csv_is_an_error() =>
        Assert.Equal("series.csv: the file is empty; expected a header line.", Error(""));

    [Fact]
    public void Header_only_is_an_error() =>
        Assert.Equal("series.csv: only a header line, no data rows.", Error("Month,Value\n"));

    [Fact]
    public void Unknown_column_lists_the_columns()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("series.csv"), "Month,Value\n2000-01,1\n");
        var e = Assert.Throws<ArgumentException>(() =>
            TimeSeries.FromCsv(temp.File("series.csv"), "Price", "Month")
        );
        Assert.Equal(
            "series.csv has no column 'Price'; its columns are: 'Month', 'Value'.",
            e.Message
        );
    }

    [Fact]
    public void Missing_value_names_line_and_column() =>
        Assert.Equal(
            "series.csv, line 3, column 'Value': missing value. Fill or drop it deliberately before loading.",
            Error("Month,Value\n2000-01,1\n2000-02,\n2000-03,4\n")
        );

    [Fact]
    public void NaN_names_line_and_column() =>
        Assert.Equal(
            "series.csv, line 2, column 'Value': the value is NaN; a series must hold finite numbers.",
            Error("Month,Value\n2000-01,NaN\n")
        );

    [Fact]
    public void Bad_date_number_and_order_name_the_line()
    {
        Assert.Contains(
            "line 2, column 'Month': 'Jan 2000' is not a date",
            Error("Month,Value\nJan 2000,1\n")
        );
        Assert.Contains(
            "line 2, column 'Value': 'abc' is not a number",
            Error("Month,Value\n2000-01,abc\n")
        );
        Assert.Contains(
            "line 3, column 'Month': 2000-01-01 does not come after 2000-02-01",
            Error("Month,Value\n2000-02,1\n2000-01,2\n")
        );
        Assert.Contains(
            "line 2: expected 2 fields like the header, found 3",
            Error("Month,Value\n2000-01,1,2\n")
        );
    }

    [Fact]
    public void Chronological_split_keeps_the_order()
    {
        var series = Csv("Month,Value\n2000-01,1\n2000-02,2\n2000-03,3\n2000-04,4\n2000-05,5\n");
        var (train, test) = series.SplitChronological(0.8);
        Assert.Equal([1f, 2f, 3f, 4f], train.Values);
        Assert.Equal([5f], test.Values);
        Assert.Equal(new DateOnly(2000, 5, 1), test.Dates[0]);
    }

    [SkippableFact]
    public void Shared_airline_series_has_the_box_jenkins_totals()
    {
        var airline = Needs.Data(() => TimeSeries.Load("airline"));
        Assert.Equal(144, airline.Count);
        Assert.Equal(40363, airline.Values.Sum());
        Assert.Equal(new DateOnly(1960, 12, 1), airline.Dates[^1]);
        Assert.Empty(airline.MissingDates);
    }

    [SkippableFact]
    public void Shared_temperatures_report_the_two_missing_new_years_eves()
    {
        var temperatures = Needs.Data(() => TimeSeries.Load("temperatures"));
        Assert.Equal(Frequency.Daily, temperatures.Frequency);
        Assert.Equal(3650, temperatures.Count);
        Assert.Equal(
            [new DateOnly(1984, 12, 31), new DateOnly(1988, 12, 31)],
            temperatures.MissingDates
        );
    }

    [Fact]
    public void Co2_from_npm_is_monthly_with_its_gaps_reported()
    {
        var co2 = TimeSeries.Load("co2");
        Assert.Equal(741, co2.Count);
        Assert.Equal(new DateOnly(1958, 3, 1), co2.Dates[0]);
        Assert.Equal(315.70f, co2.Values[0]);
        Assert.Contains(new DateOnly(1958, 6, 1), co2.MissingDates);
    }

    [Fact]
    public void Unknown_series_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => TimeSeries.Load("gold"));
        Assert.Contains("co2, sunspots, airline, temperatures, sunspots-yearly", e.Message);
    }

    [Fact]
    public void Without_a_shared_folder_the_error_says_how_to_fetch()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<DataUnavailableException>(() =>
            TimeSeries.Load("sunspots", sharedRoot: temp.File("nowhere"), cacheRoot: temp.Path)
        );
        Assert.Contains("lstmlab data fetch sunspots --allow-download", e.Message);
        Assert.Contains(SharedData.EnvironmentVariable, e.Message);
    }
}
