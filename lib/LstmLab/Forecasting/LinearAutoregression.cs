using System.Globalization;
using LstmLab.Data;
using LstmLab.Display;
using LstmLab.Tensors;

namespace LstmLab.Forecasting;

/// <summary>
/// A linear autoregression AR(p) on the same windows an LSTM reads: the next value is
/// c + a₁·x[t-p] + … + a_p·x[t-1], with c and a chosen by least squares on the training windows
/// (closed form, no training loop). It is the honest baseline for a forecasting network: when the
/// LSTM does not beat it, the network's cost buys nothing. A notebook shows its intercept and the
/// weight of every lag.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class LinearAutoregression : IHtmlRenderable
{
    private LinearAutoregression(double intercept, double[] coefficients)
    {
        Intercept = intercept;
        Coefficients = coefficients;
    }

    /// <summary>c, the constant term.</summary>
    public double Intercept { get; }

    /// <summary>a₁ … a_p: the weight of each window position, oldest first, (p).</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>p, the number of past values read.</summary>
    public int Lookback => Coefficients.Count;

    /// <summary>
    /// Fits c and a to the windows <paramref name="train"/>: X (N, p, 1), Y (N, 1), by least
    /// squares, min Σ (c + a·x_n - y_n)², solved with a Householder QR factorisation of the
    /// design matrix [1 | X] (N, p + 1) in double precision (more stable than the normal
    /// equations when neighbouring values are nearly equal). Needs N ≥ p + 1 windows that are not
    /// linearly dependent.
    /// </summary>
    public static LinearAutoregression Fit(LabelledData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var (x, y) = (train.X, train.Y);
        if (x.Rank != 3 || x.Shape[2] != 1 || y.Length != x.Shape[0])
            throw new ArgumentException(
                $"LinearAutoregression fits windows X (N, p, 1) with one target each, Y (N, 1); got X {Tensor.Format(x.Shape)}, Y {Tensor.Format(y.Shape)}.",
                nameof(train)
            );
        int n = x.Shape[0],
            p = x.Shape[1],
            columns = p + 1;
        if (n < columns)
            throw new ArgumentException(
                $"An AR({p}) with an intercept has {columns} unknowns; {n} windows are too few.",
                nameof(train)
            );
        // a: the design matrix (N, p + 1), row-major; column 0 is the intercept's 1.
        var a = new double[n * columns];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i * columns] = 1;
            for (int j = 0; j < p; j++)
                a[i * columns + 1 + j] = x.Data[i * p + j];
            b[i] = y.Data[i];
        }
        var solution = LeastSquares(a, b, n, columns);
        return new LinearAutoregression(solution[0], solution[1..]);
    }

    /// <summary>The next value after each window of <paramref name="x"/> (n, p, 1): (n, 1).</summary>
    public Tensor Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int p = Lookback;
        if (x.Rank != 3 || x.Shape[1] != p || x.Shape[2] != 1)
            throw new ArgumentException(
                $"This AR({p}) reads windows (n, {p}, 1); got {Tensor.Format(x.Shape)}.",
                nameof(x)
            );
        int n = x.Shape[0];
        var output = new Tensor(n, 1);
        for (int i = 0; i < n; i++)
        {
            double sum = Intercept;
            for (int j = 0; j < p; j++)
                sum += Coefficients[j] * x.Data[i * p + j];
            output.Data[i] = (float)sum;
        }
        return output;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"AR({Lookback}): intercept {Intercept:0.####}, the last three weights {string.Join(", ", Coefficients.TakeLast(3).Select(c => c.ToString("0.####", CultureInfo.InvariantCulture)))} (newest last)"
        );

    /// <summary>The model as a notebook shows it: its equation's intercept and one weight per lag, newest first.</summary>
    public string ToHtml() =>
        new HtmlTable(
            ["lag", "weight"],
            Coefficients
                .Select((weight, i) => new object?[] { $"x[t-{Lookback - i}]", weight })
                .Reverse()
        )
        {
            Caption = string.Create(
                CultureInfo.InvariantCulture,
                $"AR({Lookback}), least squares: next = {Intercept:0.####} + Σ weight · lag"
            ),
        }.ToHtml();

    // Minimises |A·s - b| for A (rows, columns), rows ≥ columns: Householder reflections turn A into
    // R (upper triangular) and b into Qᵀb; then R·s = (Qᵀb)[..columns] by back substitution.
    private static double[] LeastSquares(double[] a, double[] b, int rows, int columns)
    {
        var v = new double[rows];
        double largest = 0;
        for (int j = 0; j < columns; j++)
        {
            double norm = 0;
            for (int i = j; i < rows; i++)
                norm += a[i * columns + j] * a[i * columns + j];
            norm = Math.Sqrt(norm);
            largest = Math.Max(largest, norm);
            if (norm <= 1e-12 * largest)
                throw new ArgumentException(
                    $"The windows are linearly dependent (window position {j} is a combination of the earlier ones and the constant): no unique least-squares AR."
                );
            // v = a[j.., j] - alpha·e₁, with alpha of the opposite sign to a[j, j] (no cancellation).
            double alpha = a[j * columns + j] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = j; i < rows; i++)
            {
                v[i] = a[i * columns + j] - (i == j ? alpha : 0);
                vv += v[i] * v[i];
            }
            // Reflect the remaining columns and b: z -= 2 (v·z / v·v) v.
            for (int c = j; c < columns; c++)
            {
                double dot = 0;
                for (int i = j; i < rows; i++)
                    dot += v[i] * a[i * columns + c];
                double f = 2 * dot / vv;
                for (int i = j; i < rows; i++)
                    a[i * columns + c] -= f * v[i];
            }
            double dotB = 0;
            for (int i = j; i < rows; i++)
                dotB += v[i] * b[i];
            double fb = 2 * dotB / vv;
            for (int i = j; i < rows; i++)
                b[i] -= fb * v[i];
        }
        var solution = new double[columns];
        for (int j = columns - 1; j >= 0; j--)
        {
            double sum = b[j];
            for (int c = j + 1; c < columns; c++)
                sum -= a[j * columns + c] * solution[c];
            solution[j] = sum / a[j * columns + j];
        }
        return solution;
    }
}
