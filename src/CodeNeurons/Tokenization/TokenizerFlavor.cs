namespace CodeNeurons.Tokenization;

/// <summary>Which family of Hugging Face tokenizer a <see cref="ICodeTokenizer"/> reproduces.</summary>
public enum TokenizerFlavor
{
    /// <summary>Byte-level BPE with <c>&lt;s&gt; … &lt;/s&gt;</c> and trimmed offsets (RoBERTa, CodeBERT, GraphCodeBERT, UniXcoder, CodeT5).</summary>
    Roberta,
    /// <summary>Byte-level BPE without special tokens and untrimmed offsets (GPT-2, CodeGPT, CodeParrot).</summary>
    Gpt2,
    /// <summary>BERT basic tokenizer + WordPiece with <c>[CLS] … [SEP]</c>.</summary>
    Bert,
    /// <summary>Read from a <c>tokenizer.json</c> whose post-processor is not one of the above.</summary>
    Custom,
}
