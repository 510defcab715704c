public enum KQLRegexPlaceholder {}
