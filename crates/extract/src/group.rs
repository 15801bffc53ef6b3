//! Grouping a sentence's figures into accounts, and the byte span of each.
//!
//! A killed figure and an injured figure stated together ("killing 10 and
//! wounding 20") form one account; a second killed figure in the same
//! sentence starts another account ("civil defence said 300, the ministry
//! said 500"). When a sentence holds several accounts, each gets the clause
//! around its figures, cut at the clause boundary between them.

use crate::harm::{Figure, HarmKind};
use crate::token::{Token, TokenKind};

/// Figures of one account, in text order.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The killed (or ambiguous casualties) figure, if any.
    pub killed: Option<Figure>,
    /// The injured figure, if any.
    pub injured: Option<Figure>,
    /// Token range `[start, end)` of the account's clause within the sentence.
    pub tokens: (usize, usize),
}

impl Group {
    /// All figures of the group.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.killed.iter().chain(self.injured.iter())
    }

    fn first_token(&self) -> usize {
        self.figures()
            .map(|f| f.quantity.first.min(f.cue))
            .min()
            .unwrap_or(0)
    }

    fn last_token(&self) -> usize {
        self.figures()
            .map(|f| f.quantity.last.max(f.cue))
            .max()
            .unwrap_or(0)
    }
}

/// Groups figures (in text order) into accounts.
pub fn group_figures(figures: Vec<Figure>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for f in figures {
        let is_injured = f.kind == HarmKind::Injured;
        let attach = groups.last_mut().filter(|g| {
            if is_injured {
                g.injured.is_none()
            } else {
                g.killed.is_none()
            }
        });
        match attach {
            Some(g) => {
                if is_injured {
                    g.injured = Some(f);
                } else {
                    g.killed = Some(f);
                }
            }
            None => {
                let (killed, injured) = if is_injured {
                    (None, Some(f))
                } else {
                    (Some(f), None)
                };
                groups.push(Group {
                    killed,
                    injured,
                    tokens: (0, 0),
                });
            }
        }
    }
    // "21,793 casualties – 8,173 killed and 13,620 injured": a combined total followed by
    // its breakdown is not an account of its own
    let mut keep = vec![true; groups.len()];
    for i in 0..groups.len() {
        let combined_only = groups[i].injured.is_none()
            && groups[i]
                .killed
                .as_ref()
                .is_some_and(|k| k.kind == HarmKind::Casualties);
        if combined_only {
            if let Some(next) = groups.get(i + 1) {
                let breakdown = next.injured.is_some()
                    && next
                        .killed
                        .as_ref()
                        .is_some_and(|k| k.kind == HarmKind::Killed);
                if breakdown {
                    keep[i] = false;
                }
            }
        }
    }
    let mut it = keep.iter();
    groups.retain(|_| it.next().copied().unwrap_or(true));
    groups
}

fn is_clause_break(t: &Token) -> bool {
    (t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "," | ";" | "—" | "–" | ":" | "("))
        || matches!(
            t.lower.as_str(),
            "while" | "whereas" | "but" | "then" | "and" | "although" | "though"
        )
}

/// Assigns each group its clause: token ranges that split the sentence between groups.
pub fn assign_clauses(tokens: &[Token], groups: &mut [Group]) {
    let n = groups.len();
    if n == 0 {
        return;
    }
    let mut bounds = vec![0usize; n + 1];
    bounds[n] = tokens.len();
    for i in 1..n {
        let a_end = groups[i - 1].last_token() + 1;
        let b_start = groups[i].first_token();
        let mut cut = b_start.max(a_end);
        // prefer the earliest strong break right after the previous group's figures, else the last break
        let mut k = b_start;
        while k > a_end {
            k -= 1;
            if is_clause_break(&tokens[k]) {
                cut = k;
            }
        }
        bounds[i] = cut.clamp(bounds[i - 1], tokens.len());
    }
    for (i, g) in groups.iter_mut().enumerate() {
        g.tokens = (bounds[i], bounds[i + 1]);
    }
}
