using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class MnistTests
{
    [Fact]
    public void Loads_a_local_folder_as_floats_in_0_1_with_rows_as_time_steps()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 20, test: 5, gzip: true);
        var mnist = Mnist.Load(folder: temp.Path);
        Assert.Equal([20, 28, 28], mnist.Train.X.Shape);
        Assert.Equal([5], mnist.Test.Y.Shape);
        Assert.Equal(1 / 255f, mnist.Train.X[0, 0, 1]);
        Assert.Equal(255 / 255f, mnist.Train.X[0, 9, 3]); // byte 255 = 9 * 28 + 3
        Assert.Equal(3f, mnist.Train.Y[13]);
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], mnist.ClassCounts(mnist.Train));
        Assert.Contains("<svg", mnist.ToHtml());
    }

    [Fact]
    public void The_assignment_split_is_first_80_percent_and_last_20_percent()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 20, test: 5);
        var mnist = Mnist.Load(folder: temp.Path);
        var (train, validation) = mnist.SplitValidation();
        Assert.Equal(16, train.Count);
        Assert.Equal(4, validation.Count);
        Assert.Equal(mnist.Train.Y[16], validation.Y[0]);
        Assert.Equal(mnist.Train.X[16, 5, 5], validation.X[0, 5, 5]);
    }

    [Fact]
    public void Image_and_label_count_mismatch_names_both_files()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 20, test: 5);
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte"), TestFiles.Idx([4], [1, 2, 3, 4]));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(folder: temp.Path));
        Assert.Equal(
            "t10k-images-idx3-ubyte has 5 images but t10k-labels-idx1-ubyte has 4 labels.",
            e.Message
        );
    }

    [Fact]
    public void Label_outside_the_classes_names_item_and_byte()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 3, test: 2);
        File.WriteAllBytes(temp.File("train-labels-idx1-ubyte"), TestFiles.Idx([3], [1, 12, 3]));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(folder: temp.Path));
        Assert.Contains("label 12 of item 1 (byte 9) is outside 0..9", e.Message);
    }

    [Fact]
    public void Missing_file_in_a_folder_names_it()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 3, test: 2);
        File.Delete(temp.File("t10k-images-idx3-ubyte"));
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Load(folder: temp.Path));
        Assert.Contains("has no t10k-images-idx3-ubyte (nor t10k-images-idx3-ubyte.gz)", e.Message);
    }

    [Fact]
    public void Real_mnist_from_npm_has_60000_and_10000_images_with_the_known_class_counts()
    {
        var mnist = Mnist.Load();
        Assert.Equal([60000, 28, 28], mnist.Train.X.Shape);
        Assert.Equal([10000, 28, 28], mnist.Test.X.Shape);
        Assert.Equal(
            [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
            mnist.ClassCounts(mnist.Train)
        );
        Assert.Equal(
            [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
            mnist.ClassCounts(mnist.Test)
        );
        Assert.Equal(5f, mnist.Train.Y[0]); // the famous first digit
        Assert.Equal(7f, mnist.Test.Y[0]);
        Assert.Equal(1f, mnist.Train.X.Data.Max());
    }
}
