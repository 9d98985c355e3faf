//! A typed, borrowed view of one Flow JSON document: screens, their components (flattened, with the
//! container each one sits in) and every action. Built once per document; rules only read it.

use super::json::{Node, Value};
use super::version::Version;

/// A whole Flow. Fields are `None` when absent or of the wrong JSON type (rules report that).
#[derive(Debug)]
pub struct Flow<'a> {
    pub root: &'a Node<'a>,
    /// The version rules are checked against: `--flow-version` if given, else the document's.
    pub version: Option<Version>,
    /// The `version` member as written.
    pub version_node: Option<&'a Node<'a>>,
    pub data_api_version: Option<&'a Node<'a>>,
    pub routing_model: Option<&'a Node<'a>>,
    pub screens: Vec<Screen<'a>>,
    /// Every action of every screen, in document order.
    pub actions: Vec<Action<'a>>,
}

/// One screen object.
#[derive(Debug)]
pub struct Screen<'a> {
    pub index: usize,
    pub node: &'a Node<'a>,
    pub id: Option<&'a str>,
    pub terminal: bool,
    /// The `data` object (the screen's data model), if it is an object.
    pub data: Option<&'a Node<'a>>,
    /// `layout.children`, if it is an array.
    pub children: Option<&'a [Node<'a>]>,
    /// Every component at any depth, in document order (parents before children).
    pub components: Vec<Component<'a>>,
}

/// Where a component sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Directly in `layout.children`.
    Top,
    Form,
    IfThen,
    IfElse,
    SwitchCase,
}

/// One component (an object inside a `children`, `then`, `else` or Switch case array).
#[derive(Debug)]
pub struct Component<'a> {
    pub node: &'a Node<'a>,
    /// The `type` member, if it is a string.
    pub kind: Option<&'a str>,
    /// The `name` member, if it is a string.
    pub name: Option<&'a str>,
    /// Index (in [`Screen::components`]) of the enclosing Form/If/Switch.
    pub parent: Option<usize>,
    pub container: Container,
    /// True when some ancestor is a Form.
    pub in_form: bool,
    /// How many If components enclose this one.
    pub if_depth: u8,
}

/// How messages name a component: `TextInput 'email'`, `Footer`, or `component` without a
/// type. Written out only when a message is made (most components never need one).
#[derive(Debug, Clone, Copy)]
pub struct ComponentLabel<'a> {
    kind: Option<&'a str>,
    name: Option<&'a str>,
}

impl std::fmt::Display for ComponentLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, self.name) {
            (Some(k), Some(n)) => write!(f, "{k} '{n}'"),
            (Some(k), None) => f.write_str(k),
            (None, _) => f.write_str("component"),
        }
    }
}

impl<'a> Component<'a> {
    /// The component as messages name it.
    pub fn label(&self) -> ComponentLabel<'a> {
        ComponentLabel {
            kind: self.kind,
            name: self.name,
        }
    }
}

/// Which property holds an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionSite {
    OnClick,
    OnSelect,
    OnUnselect,
}

impl ActionSite {
    pub fn property(self) -> &'static str {
        match self {
            ActionSite::OnClick => "on-click-action",
            ActionSite::OnSelect => "on-select-action",
            ActionSite::OnUnselect => "on-unselect-action",
        }
    }
}

/// One action object, wherever it is (component, data-source item, NavigationList item).
#[derive(Debug)]
pub struct Action<'a> {
    pub screen: usize,
    /// Index into that screen's components.
    pub component: usize,
    /// The data-source / list-items item that holds the action, if not the component itself.
    pub item: Option<&'a Node<'a>>,
    pub site: ActionSite,
    pub node: &'a Node<'a>,
    /// The `name` member if it is a string (`navigate`, `data_exchange`, …).
    pub name: Option<&'a str>,
    /// The `payload` member, if present.
    pub payload: Option<&'a Node<'a>>,
    /// `next.name` when `next` is an object with `type` `screen` (or no type) and a string name.
    pub next_screen: Option<&'a str>,
}

const ACTION_SITES: [ActionSite; 3] = [
    ActionSite::OnClick,
    ActionSite::OnSelect,
    ActionSite::OnUnselect,
];

impl<'a> Flow<'a> {
    /// Builds the view. `version_override` (`--flow-version`) wins over the document's `version`.
    pub fn new(root: &'a Node<'a>, version_override: Option<Version>) -> Flow<'a> {
        let version_node = root.get("version");
        let version = version_override
            .or_else(|| version_node.and_then(Node::as_str).and_then(Version::parse));
        let mut flow = Flow {
            root,
            version,
            version_node,
            data_api_version: root.get("data_api_version"),
            routing_model: root.get("routing_model"),
            screens: Vec::new(),
            actions: Vec::new(),
        };
        if let Some(screens) = root.get("screens").and_then(Node::as_array) {
            for (index, node) in screens.iter().enumerate() {
                let screen = Screen::new(index, node);
                collect_actions(&screen, &mut flow.actions);
                flow.screens.push(screen);
            }
        }
        flow
    }

    /// True when the Flow declares an endpoint (`data_api_version` present).
    pub fn has_endpoint(&self) -> bool {
        self.data_api_version.is_some()
    }

    pub fn screen(&self, id: &str) -> Option<&Screen<'a>> {
        self.screens.iter().find(|s| s.id == Some(id))
    }

    /// The routing model as (source screen id, key node, destination nodes). Entries whose value is
    /// not an array have no destinations.
    pub fn routes(&self) -> Vec<(&'a str, &'a Node<'a>, Vec<&'a Node<'a>>)> {
        let Some(members) = self.routing_model.and_then(Node::as_object) else {
            return Vec::new();
        };
        members
            .iter()
            .map(|m| {
                let to = m
                    .value
                    .as_array()
                    .map(|a| a.iter().collect())
                    .unwrap_or_default();
                (m.key.as_ref(), &m.value, to)
            })
            .collect()
    }

    /// Actions of one screen.
    pub fn actions_of(&self, screen: usize) -> impl Iterator<Item = &Action<'a>> {
        self.actions.iter().filter(move |a| a.screen == screen)
    }
}

impl<'a> Screen<'a> {
    fn new(index: usize, node: &'a Node<'a>) -> Screen<'a> {
        let layout = node.get("layout");
        let children = layout
            .and_then(|l| l.get("children"))
            .and_then(Node::as_array);
        let mut screen = Screen {
            index,
            node,
            id: node.get("id").and_then(Node::as_str),
            terminal: node.get("terminal").and_then(Node::as_bool) == Some(true),
            data: node.get("data").filter(|d| d.is_object()),
            children,
            components: Vec::new(),
        };
        if let Some(children) = children {
            walk(
                children,
                None,
                Container::Top,
                false,
                0,
                &mut screen.components,
            );
        }
        screen
    }

    /// The declared data field `name` (top level of `data`), skipping the `required` key.
    pub fn data_field(&self, name: &str) -> Option<&'a Node<'a>> {
        if name == "required" {
            return None;
        }
        self.data?.get(name)
    }

    /// Components whose `type` is `kind`.
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Component<'a>> + 's {
        self.components.iter().filter(move |c| c.kind == Some(kind))
    }

    /// Counts components matching `pred`, the way the Builder does: siblings add up, mutually
    /// exclusive branches (If then/else, Switch cases) count as the largest branch.
    pub fn count_exclusive(&self, pred: &dyn Fn(&Node) -> bool) -> usize {
        self.children.map(|c| count_branch(c, pred)).unwrap_or(0)
    }
}

fn count_branch(children: &[Node], pred: &dyn Fn(&Node) -> bool) -> usize {
    let mut total = 0;
    for child in children {
        if pred(child) {
            total += 1;
        }
        match child.get("type").and_then(Node::as_str) {
            Some("If") => {
                let branch = |k: &str| {
                    child
                        .get(k)
                        .and_then(Node::as_array)
                        .map(|c| count_branch(c, pred))
                        .unwrap_or(0)
                };
                total += branch("then").max(branch("else"));
            }
            Some("Switch") => {
                let cases = child.get("cases").and_then(Node::as_object).unwrap_or(&[]);
                total += cases
                    .iter()
                    .filter_map(|m| m.value.as_array())
                    .map(|c| count_branch(c, pred))
                    .max()
                    .unwrap_or(0);
            }
            _ => {
                if let Some(c) = child.get("children").and_then(Node::as_array) {
                    total += count_branch(c, pred);
                }
            }
        }
    }
    total
}

fn walk<'a>(
    children: &'a [Node<'a>],
    parent: Option<usize>,
    container: Container,
    in_form: bool,
    if_depth: u8,
    out: &mut Vec<Component<'a>>,
) {
    for node in children {
        if !node.is_object() {
            continue;
        }
        let kind = node.get("type").and_then(Node::as_str);
        let index = out.len();
        out.push(Component {
            node,
            kind,
            name: node.get("name").and_then(Node::as_str),
            parent,
            container,
            in_form,
            if_depth,
        });
        let arrays = |key: &str| node.get(key).and_then(Node::as_array);
        match kind {
            Some("Form") => {
                if let Some(c) = arrays("children") {
                    walk(c, Some(index), Container::Form, true, if_depth, out);
                }
            }
            Some("If") => {
                let depth = if_depth.saturating_add(1);
                if let Some(c) = arrays("then") {
                    walk(c, Some(index), Container::IfThen, in_form, depth, out);
                }
                if let Some(c) = arrays("else") {
                    walk(c, Some(index), Container::IfElse, in_form, depth, out);
                }
            }
            Some("Switch") => {
                for case in node.get("cases").and_then(Node::as_object).unwrap_or(&[]) {
                    if let Some(c) = case.value.as_array() {
                        walk(
                            c,
                            Some(index),
                            Container::SwitchCase,
                            in_form,
                            if_depth,
                            out,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn collect_actions<'a>(screen: &Screen<'a>, out: &mut Vec<Action<'a>>) {
    for (ci, component) in screen.components.iter().enumerate() {
        push_actions(screen.index, ci, None, component.node, out);
        for list in ["data-source", "list-items"] {
            for item in component
                .node
                .get(list)
                .and_then(Node::as_array)
                .unwrap_or(&[])
            {
                push_actions(screen.index, ci, Some(item), item, out);
            }
        }
    }
}

fn push_actions<'a>(
    screen: usize,
    component: usize,
    item: Option<&'a Node<'a>>,
    holder: &'a Node<'a>,
    out: &mut Vec<Action<'a>>,
) {
    for site in ACTION_SITES {
        let Some(node) = holder.get(site.property()) else {
            continue;
        };
        if !node.is_object() {
            // A non-object action is still recorded so shape rules can report it.
            out.push(Action {
                screen,
                component,
                item,
                site,
                node,
                name: None,
                payload: None,
                next_screen: None,
            });
            continue;
        }
        let next = node.get("next");
        let next_screen = next
            .filter(|n| {
                matches!(
                    n.get("type").map(|t| &t.value),
                    None | Some(Value::String(_))
                )
            })
            .filter(|n| n.get("type").and_then(Node::as_str).unwrap_or("screen") == "screen")
            .and_then(|n| n.get("name"))
            .and_then(Node::as_str);
        out.push(Action {
            screen,
            component,
            item,
            site,
            node,
            name: node.get("name").and_then(Node::as_str),
            payload: node.get("payload"),
            next_screen,
        });
    }
}
