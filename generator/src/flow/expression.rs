//! Nested expressions (Flow JSON 6.0+: a whole value in backticks) and If conditions: a small
//! tokenizer, a recursive-descent parser and a type checker.
//!
//! Grammar (loosest first): concatenation (operands separated by spaces, result string) →
//! `||` → `&&` → `==` `!=` → `<` `<=` `>` `>=` → `+` `-` → `*` `/` `%` → unary `!` `-` `+` →
//! operand: `${…}` binding, `'single quoted'` string, number, `true`/`false`, `( … )`.
//! The ternary `?:` and `null` are not supported.

use super::binding::{self, Target};

/// The type of a value in an expression. `Any` is what we cannot know (it fits everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Number,
    Boolean,
    Array,
    Object,
    Any,
}

impl Ty {
    /// The type named by a data-model `type` string.
    pub fn from_schema(name: &str) -> Ty {
        match name {
            "string" => Ty::String,
            "number" | "integer" => Ty::Number,
            "boolean" => Ty::Boolean,
            "array" => Ty::Array,
            "object" => Ty::Object,
            _ => Ty::Any,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::Any => "any",
        }
    }
    /// True when a value of type `self` may stand where `want` is expected.
    pub fn fits(self, want: Ty) -> bool {
        self == Ty::Any || want == Ty::Any || self == want
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
        }
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr<'s> {
    Str(&'s str),
    Num(f64),
    Bool(bool),
    /// A `${…}` binding: its text and what it points at.
    Ref(&'s str, Target<'s>),
    Group(Box<Expr<'s>>),
    Unary(UnaryOp, Box<Expr<'s>>),
    Binary(BinaryOp, Box<Expr<'s>>, Box<Expr<'s>>),
    /// Operands separated by white space, joined as a string.
    Concat(Vec<Expr<'s>>),
}

/// Why an expression does not parse. `offset` is a byte offset into the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'s> {
    Str(&'s str),
    Num(f64),
    Word(&'s str),
    Ref(&'s str, Target<'s>),
    Op(&'static str),
    LParen,
    RParen,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        offset,
        message: message.into(),
    })
}

const OPS: [&str; 19] = [
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", "=", "&",
    "|",
];

fn tokenize(src: &str) -> Result<Vec<(usize, Tok<'_>)>, ParseError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let Some(close) = memchr::memchr(b'}', &src.as_bytes()[i..]) else {
                    return err(start, "missing closing '}' of a ${…} reference");
                };
                let text = &src[i..i + close + 1];
                let target = binding::refs(text)
                    .into_iter()
                    .next()
                    .map(|r| r.target)
                    .unwrap_or(Target::Invalid);
                out.push((start, Tok::Ref(text, target)));
                i += close + 1;
            }
            b'\'' => {
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return err(start, "missing closing quote for string"),
                        Some(b'\\') => i += 2,
                        Some(b'\'') => break,
                        Some(_) => i += 1,
                    }
                }
                out.push((start, Tok::Str(src.get(start + 1..i).unwrap_or(""))));
                i += 1;
            }
            b'(' => {
                out.push((start, Tok::LParen));
                i += 1;
            }
            b')' => {
                out.push((start, Tok::RParen));
                i += 1;
            }
            b'0'..=b'9' | b'.' if b != b'.' || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                    i += 1;
                }
                let text = &src[start..i];
                let Ok(n) = text.parse::<f64>() else {
                    return err(start, format!("'{text}' is not a number"));
                };
                out.push((start, Tok::Num(n)));
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push((start, Tok::Word(&src[start..i])));
            }
            _ => {
                let Some(op) = OPS.iter().find(|op| src[i..].starts_with(*op)) else {
                    let c = src[i..].chars().next().unwrap_or('?');
                    return err(start, format!("unexpected character '{c}'"));
                };
                out.push((start, Tok::Op(op)));
                i += op.len();
            }
        }
    }
    Ok(out)
}

/// The precedence (higher binds tighter) and meaning of a binary operator token.
fn binary_op(op: &str) -> Option<(u8, BinaryOp)> {
    Some(match op {
        "||" => (1, BinaryOp::Or),
        "&&" => (2, BinaryOp::And),
        "==" => (3, BinaryOp::Eq),
        "!=" => (3, BinaryOp::Ne),
        "<" => (4, BinaryOp::Lt),
        "<=" => (4, BinaryOp::Le),
        ">" => (4, BinaryOp::Gt),
        ">=" => (4, BinaryOp::Ge),
        "+" => (5, BinaryOp::Add),
        "-" => (5, BinaryOp::Sub),
        "*" => (6, BinaryOp::Mul),
        "/" => (6, BinaryOp::Div),
        "%" => (6, BinaryOp::Rem),
        _ => return None,
    })
}

struct Parser<'s> {
    toks: Vec<(usize, Tok<'s>)>,
    pos: usize,
    end: usize,
}

impl<'s> Parser<'s> {
    fn peek(&self) -> Option<&Tok<'s>> {
        self.toks.get(self.pos).map(|t| &t.1)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.0)
    }
    fn eat_op(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(op)) if ops.contains(op) => {
                let op = *op;
                self.pos += 1;
                Some(op)
            }
            _ => None,
        }
    }

    fn starts_operand(&self) -> bool {
        matches!(
            self.peek(),
            Some(
                Tok::Str(_)
                    | Tok::Num(_)
                    | Tok::Word(_)
                    | Tok::Ref(..)
                    | Tok::LParen
                    | Tok::Op("!")
            )
        )
    }

    fn sequence(&mut self) -> Result<Expr<'s>, ParseError> {
        let first = self.or()?;
        if !self.starts_operand() {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.starts_operand() {
            items.push(self.or()?);
        }
        Ok(Expr::Concat(items))
    }

    /// Binary operators by precedence climbing: `||` < `&&` < `==` `!=` < `<` `<=` `>` `>=` <
    /// `+` `-` < `*` `/` `%`, all left-associative. One loop instead of a function per level:
    /// every operand used to pass through all six.
    fn binary(&mut self, min: u8) -> Result<Expr<'s>, ParseError> {
        let mut left = self.unary()?;
        while let Some(Tok::Op(op)) = self.peek() {
            let Some((precedence, op)) = binary_op(op) else {
                break;
            };
            if precedence < min {
                break;
            }
            self.pos += 1;
            let right = self.binary(precedence + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Expr<'s>, ParseError> {
        self.binary(1)
    }
    fn unary(&mut self) -> Result<Expr<'s>, ParseError> {
        let op = match self.eat_op(&["!", "-", "+"]) {
            Some("!") => UnaryOp::Not,
            Some("-") => UnaryOp::Neg,
            Some(_) => UnaryOp::Plus,
            None => return self.operand(),
        };
        Ok(Expr::Unary(op, Box::new(self.unary()?)))
    }

    fn operand(&mut self) -> Result<Expr<'s>, ParseError> {
        let at = self.offset();
        // Tokens are read once, front to back: take it rather than clone it (a reference's
        // path is a Vec).
        let Some(tok) = self
            .toks
            .get_mut(self.pos)
            .map(|t| std::mem::replace(&mut t.1, Tok::RParen))
        else {
            return err(at, "an operand is missing at the end of the expression");
        };
        self.pos += 1;
        match tok {
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Ref(text, target) => Ok(Expr::Ref(text, target)),
            Tok::Word("true") => Ok(Expr::Bool(true)),
            Tok::Word("false") => Ok(Expr::Bool(false)),
            Tok::Word("null") => err(at, "'null' is reserved and not supported in expressions"),
            Tok::Word(w) => err(
                at,
                format!("unknown word '{w}' (strings need single quotes, references ${{…}})"),
            ),
            Tok::LParen => {
                if self.peek() == Some(&Tok::RParen) {
                    return err(at, "invalid empty parentheses");
                }
                let inner = self.sequence()?;
                if self.peek() != Some(&Tok::RParen) {
                    return err(self.offset(), "missing closing parenthesis");
                }
                self.pos += 1;
                Ok(Expr::Group(Box::new(inner)))
            }
            Tok::RParen => err(at, "unexpected ')' (an operand is missing)"),
            Tok::Op("?") | Tok::Op(":") => err(at, "the ternary operator '?:' is not supported"),
            Tok::Op(op @ ("=" | "&" | "|")) => {
                err(at, format!("unknown operator '{op}' (use '{op}{op}')"))
            }
            Tok::Op(op) => err(at, format!("operator '{op}' is missing its left operand")),
        }
    }
}

/// Parses an expression (the text between the backticks, or an If condition).
pub fn parse(src: &str) -> Result<Expr<'_>, ParseError> {
    let toks = tokenize(src)?;
    if toks.is_empty() {
        return err(0, "the expression is empty");
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: src.len(),
    };
    let expr = p.sequence()?;
    if p.pos < p.toks.len() {
        let at = p.offset();
        return match p.peek() {
            Some(Tok::RParen) => err(at, "unmatched ')'"),
            Some(Tok::Op("?" | ":")) => err(at, "the ternary operator '?:' is not supported"),
            Some(Tok::Op(op)) => err(at, format!("operator '{op}' is not expected here")),
            _ => err(at, "unexpected text after the expression"),
        };
    }
    Ok(expr)
}

/// The text between the backticks of a whole-value expression, if `s` is one.
pub fn inner(s: &str) -> Option<&str> {
    if binding::is_expression(s) {
        s.get(1..s.len() - 1)
    } else {
        None
    }
}

/// An operand of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub message: String,
}

impl<'s> Expr<'s> {
    /// Calls `f` on every binding in the expression.
    pub fn each_ref(&self, f: &mut dyn FnMut(&'s str, &Target<'s>)) {
        match self {
            Expr::Ref(text, target) => f(text, target),
            Expr::Group(e) | Expr::Unary(_, e) => e.each_ref(f),
            Expr::Binary(_, l, r) => {
                l.each_ref(f);
                r.each_ref(f);
            }
            Expr::Concat(items) => items.iter().for_each(|e| e.each_ref(f)),
            _ => {}
        }
    }

    /// True when the expression holds at least one binding.
    pub fn is_dynamic(&self) -> bool {
        let mut any = false;
        self.each_ref(&mut |_, _| any = true);
        any
    }

    /// A literal operand (possibly parenthesised or signed).
    pub fn is_literal(&self) -> bool {
        match self {
            Expr::Str(_) | Expr::Num(_) | Expr::Bool(_) => true,
            Expr::Group(e) | Expr::Unary(_, e) => e.is_literal(),
            _ => false,
        }
    }

    /// Calls `f` on every binary operation whose two sides are both literals.
    pub fn each_literal_pair(&self, f: &mut dyn FnMut(BinaryOp)) {
        match self {
            Expr::Binary(op, l, r) => {
                if l.is_literal() && r.is_literal() {
                    f(*op);
                }
                l.each_literal_pair(f);
                r.each_literal_pair(f);
            }
            Expr::Group(e) | Expr::Unary(_, e) => e.each_literal_pair(f),
            Expr::Concat(items) => items.iter().for_each(|e| e.each_literal_pair(f)),
            _ => {}
        }
    }

    /// The result type; operand type errors are pushed to `errors`. `resolve` gives the type of a
    /// binding (`Ty::Any` when unknown).
    pub fn check(&self, resolve: &dyn Fn(&Target<'s>) -> Ty, errors: &mut Vec<TypeError>) -> Ty {
        match self {
            Expr::Str(_) => Ty::String,
            Expr::Num(_) => Ty::Number,
            Expr::Bool(_) => Ty::Boolean,
            Expr::Ref(_, target) => resolve(target),
            Expr::Group(e) => e.check(resolve, errors),
            Expr::Concat(items) => {
                for e in items {
                    e.check(resolve, errors);
                }
                Ty::String
            }
            Expr::Unary(op, e) => {
                let t = e.check(resolve, errors);
                let (want, sym) = match op {
                    UnaryOp::Not => (Ty::Boolean, "!"),
                    UnaryOp::Neg => (Ty::Number, "-"),
                    UnaryOp::Plus => (Ty::Number, "+"),
                };
                if !t.fits(want) {
                    errors.push(TypeError {
                        message: format!(
                            "operator '{sym}' can only be used with {}s, not a {}",
                            want.name(),
                            t.name()
                        ),
                    });
                }
                want
            }
            Expr::Binary(op, l, r) => {
                let lt = l.check(resolve, errors);
                let rt = r.check(resolve, errors);
                let sym = op.symbol();
                let (want, result) = match op {
                    BinaryOp::Or | BinaryOp::And => (Some(Ty::Boolean), Ty::Boolean),
                    BinaryOp::Eq | BinaryOp::Ne => (None, Ty::Boolean),
                    BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                        (Some(Ty::Number), Ty::Boolean)
                    }
                    _ => (Some(Ty::Number), Ty::Number),
                };
                match want {
                    Some(want) => {
                        for (side, t) in [("left", lt), ("right", rt)] {
                            if !t.fits(want) {
                                errors.push(TypeError {
                                    message: format!(
                                        "operator '{sym}' can only be used with {}s, but its {side} side is a {}",
                                        want.name(),
                                        t.name()
                                    ),
                                });
                            }
                        }
                    }
                    None => {
                        if !lt.fits(rt) {
                            errors.push(TypeError {
                                message: format!(
                                    "type mismatch in '{sym}': a {} is compared with a {}",
                                    lt.name(),
                                    rt.name()
                                ),
                            });
                        }
                    }
                }
                result
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &Target) -> Ty {
        Ty::Any
    }

    fn types(t: &Target) -> Ty {
        match t {
            Target::Data(p) if p[0] == "n" => Ty::Number,
            Target::Data(p) if p[0] == "b" => Ty::Boolean,
            Target::Data(p) if p[0] == "s" => Ty::String,
            _ => Ty::Any,
        }
    }

    fn result(src: &str) -> (Ty, Vec<TypeError>) {
        let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let mut errors = Vec::new();
        let t = e.check(&types, &mut errors);
        (t, errors)
    }

    #[test]
    fn parses_corpus_shapes() {
        let (t, e) =
            result(" 'The sum of ' ${data.n} ' and ' ${data.n} ' is ' (${data.n} + ${data.n})");
        assert_eq!(t, Ty::String);
        assert!(e.is_empty());
        let (t, e) = result("(${data.b} && (${form.animal} == 'cat'))");
        assert_eq!(t, Ty::Boolean);
        assert!(e.is_empty());
        assert_eq!(result("${data.n} * 2 - -1 >= 3 % 2").0, Ty::Boolean);
        assert_eq!(result("!${data.b} || ${data.n} != 0.5").0, Ty::Boolean);
    }

    #[test]
    fn precedence() {
        let e = parse("${data.a} || ${data.b} && ${data.c}").unwrap();
        assert!(matches!(e, Expr::Binary(BinaryOp::Or, _, _)));
        let e = parse("1 + 2 * 3").unwrap();
        let Expr::Binary(BinaryOp::Add, _, r) = e else {
            panic!()
        };
        assert!(matches!(*r, Expr::Binary(BinaryOp::Mul, _, _)));
    }

    #[test]
    fn same_precedence_groups_from_the_left() {
        // a - b + c is (a - b) + c; a < b == c is (a < b) == c.
        let e = parse("${data.a} - ${data.b} + ${data.c}").unwrap();
        let Expr::Binary(BinaryOp::Add, l, _) = e else {
            panic!("{e:?}")
        };
        assert!(matches!(*l, Expr::Binary(BinaryOp::Sub, _, _)));
        let e = parse("${data.a} < ${data.b} == true").unwrap();
        let Expr::Binary(BinaryOp::Eq, l, _) = e else {
            panic!("{e:?}")
        };
        assert!(matches!(*l, Expr::Binary(BinaryOp::Lt, _, _)));
        let e = parse("${data.a} / ${data.b} % 2 * 3").unwrap();
        let Expr::Binary(BinaryOp::Mul, l, _) = e else {
            panic!("{e:?}")
        };
        let Expr::Binary(BinaryOp::Rem, l, _) = *l else {
            panic!("{l:?}")
        };
        assert!(matches!(*l, Expr::Binary(BinaryOp::Div, _, _)));
    }

    #[test]
    fn syntax_errors() {
        for (src, part) in [
            ("${data.a} ? 1 : 2", "ternary"),
            ("${data.a} == null", "null"),
            ("(${data.a} == 1", "closing parenthesis"),
            ("'abc", "closing quote"),
            ("()", "empty parentheses"),
            ("", "empty"),
            ("${data.a} = 1", "'='"),
            ("${data.a} ==", "missing"),
            ("foo", "unknown word"),
            ("${data.a", "'}'"),
            ("${data.a})", "unmatched"),
            ("&& ${data.a}", "left operand"),
            ("${data.a} # 1", "unexpected character"),
        ] {
            let e = parse(src).expect_err(src);
            assert!(e.message.contains(part), "{src}: {}", e.message);
        }
    }

    #[test]
    fn type_errors() {
        assert_eq!(result("${data.s} > 1").1.len(), 1);
        assert_eq!(result("${data.n} && true").1.len(), 1);
        assert_eq!(result("${data.n} == 'x'").1.len(), 1);
        assert_eq!(result("!${data.s}").1.len(), 1);
        assert!(result("${data.unknown} > 1").1.is_empty());
        let e = parse("${data.x} + 1").unwrap();
        let mut errors = Vec::new();
        assert_eq!(e.check(&any, &mut errors), Ty::Number);
    }

    #[test]
    fn strings_with_escapes_and_literals() {
        let e = parse(r"'it\'s' ${data.s}").unwrap();
        assert!(matches!(e, Expr::Concat(ref v) if v.len() == 2));
        let e = parse("'a' == 'b'").unwrap();
        let mut pairs = 0;
        e.each_literal_pair(&mut |_| pairs += 1);
        assert_eq!(pairs, 1);
        assert!(!e.is_dynamic());
        assert_eq!(inner("`1 + 2`"), Some("1 + 2"));
        assert_eq!(inner("plain"), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for src in [
            "$", "${", "'", "\\", "((((", "))))", "é ü", "1..2", ".5", "'\\", "!", "-", "` `",
        ] {
            let _ = parse(src);
        }
    }
}
