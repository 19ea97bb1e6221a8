// The one script, for progressive enhancement only: everything works without it.
// - marks <html class="js"> so "update the list" buttons hide;
// - a prefecture select fills its municipality select from /regions/<code>.json;
// - a kind select (data-kind-types-for) shows the chosen kind's types, hiding and disabling others;
// - buttons with data-confirm ask before a destructive action;
// - the error summary of a failed form takes focus, so screen readers announce it;
// - a text area with a character count (an element `<its id>-count`) keeps the count current;
// - the municipality picker's search box, counts and "add a prefecture" (its own section below).
export const SCRIPT = `
(function(){
document.documentElement.classList.add('js');
document.addEventListener('change',function(e){
  var sel=e.target;if(!sel||!sel.getAttribute)return;
  var targetId=sel.getAttribute('data-prefecture-for');if(!targetId)return;
  var target=document.getElementById(targetId);if(!target)return;
  var code=sel.value;
  var multiple=target.multiple;
  for(var i=target.options.length-1;i>=0;i--){
    var o=target.options[i];
    if(multiple?!o.selected:o.value!=='')target.remove(i);
  }
  var first=multiple?null:target.options[0];
  var en=document.documentElement.lang==='en';
  if(first)first.textContent=code?(en?'(Not specified)':'（指定しない）'):(en?'Choose a prefecture first':'先に都道府県を選んでください');
  if(!code)return;
  fetch('/regions/'+encodeURIComponent(code)+'.json').then(function(r){return r.ok?r.json():[]}).then(function(list){
    var have={};for(var j=0;j<target.options.length;j++)have[target.options[j].value]=1;
    list.forEach(function(m){if(have[m.code])return;var o=document.createElement('option');o.value=m.code;o.textContent=m.ja;target.appendChild(o);});
  });
});
document.addEventListener('change',function(e){
  var sel=e.target;if(!sel||!sel.getAttribute||!sel.getAttribute('data-kind-types-for'))return;
  var boxes=document.querySelectorAll('[data-kind-types]');
  for(var i=0;i<boxes.length;i++){
    var on=boxes[i].getAttribute('data-kind-types')===sel.value;boxes[i].hidden=!on;
    var list=boxes[i].querySelector('select');if(list)list.disabled=!on;
  }
});
document.addEventListener('submit',function(e){
  var b=e.submitter;var msg=b&&b.getAttribute&&b.getAttribute('data-confirm');
  if(msg&&!window.confirm(msg))e.preventDefault();
});
document.addEventListener('DOMContentLoaded',function(){
  var s=document.getElementById('error-summary');if(s)s.focus();
});
// --- forms: the municipality picker (forms/municipalities.tsx) ---
// Shows its search box, which filters the list by name or reading (Enter stays in the box);
// keeps each prefecture's "chosen" count; the prefecture chooser adds that prefecture's list
// at once (from /regions/<code>.json) instead of sending the form back.
function muniCount(group){
  var n=group.querySelectorAll('input[type=checkbox]:checked').length;
  var spans=group.querySelectorAll('[data-chosen]');for(var i=0;i<spans.length;i++)spans[i].textContent=String(n);
}
function muniFilter(box){
  var list=document.getElementById(box.getAttribute('data-muni-filter'));if(!list)return;
  // Katakana typed (サイタマ) matches the reading in hiragana (さいたま) too.
  var q=box.value.replace(/[\\s\u3000]+/g,'');var found=0;
  var qh=q.replace(/[\u30a1-\u30f6]/g,function(c){return String.fromCharCode(c.charCodeAt(0)-0x60)});
  var groups=list.querySelectorAll('.muni-group');
  for(var g=0;g<groups.length;g++){
    var labels=groups[g].querySelectorAll('label[data-search]');var inGroup=0;
    for(var i=0;i<labels.length;i++){
      var text=labels[i].getAttribute('data-search');
      var hit=!q||text.indexOf(q)>=0||text.indexOf(qh)>=0;
      labels[i].hidden=!hit;if(hit)inGroup++;
    }
    groups[g].hidden=q!==''&&inGroup===0;
    if(q&&inGroup>0)groups[g].open=true;
    found+=inGroup;
  }
  var out=document.getElementById(box.id.replace(/-search$/,'-found'));
  if(out)out.textContent=q?(document.documentElement.lang==='en'?found+' found':found+'件'):'';
}
function muniAdd(sel){
  var list=document.getElementById(sel.getAttribute('data-muni-add'));var code=sel.value;if(!list||!code)return;
  var label=sel.options[sel.selectedIndex].textContent;
  fetch('/regions/'+encodeURIComponent(code)+'.json').then(function(r){return r.ok?r.json():[]}).then(function(ms){
    if(!ms.length||list.querySelector('[data-prefecture="'+code+'"]'))return;
    var base=list.id.replace(/-groups$/,'');
    var d=document.createElement('details');d.className='muni-group';d.open=true;d.setAttribute('data-prefecture',code);
    var sum=document.createElement('summary');sum.textContent=label+' ';
    var count=document.createElement('span');count.className='muni-count';
    var c1=document.createElement('span');c1.setAttribute('data-chosen','');c1.textContent='0';
    // In the page's one language, as the server writes it.
    if(document.documentElement.lang==='en'){count.appendChild(c1);count.appendChild(document.createTextNode(' of '+ms.length+' chosen'));}
    else{count.appendChild(document.createTextNode('選択 '));count.appendChild(c1);count.appendChild(document.createTextNode('／'+ms.length));}
    sum.appendChild(count);d.appendChild(sum);
    var shown=document.createElement('input');shown.type='hidden';shown.name=list.getAttribute('data-shown-name');shown.value=code;d.appendChild(shown);
    var fs=document.createElement('fieldset');fs.className='muni-list';var lg=document.createElement('legend');lg.className='muni-legend';lg.textContent=label;fs.appendChild(lg);
    var box=document.createElement('div');box.className='choices columns';fs.appendChild(box);
    ms.forEach(function(m){
      var l=document.createElement('label');l.className='choice';l.htmlFor=base+'-'+m.code;l.setAttribute('data-search',m.ja+' '+(m.kana||''));
      var i=document.createElement('input');i.type='checkbox';i.id=base+'-'+m.code;i.name=list.getAttribute('data-name');i.value=m.code;
      l.appendChild(i);l.appendChild(document.createTextNode(' '+m.ja));box.appendChild(l);
    });
    d.appendChild(fs);list.appendChild(d);
    sel.remove(sel.selectedIndex);sel.value='';
    var f=document.querySelector('[data-muni-filter="'+list.id+'"]');if(f)muniFilter(f);
  }).catch(function(){
    // No list came: the way without JavaScript (the form comes back with the list, all kept).
    var b=sel.closest('.muni-add')&&sel.closest('.muni-add').querySelector('button[name=_refresh]');if(b)b.click();
  });
}
document.addEventListener('DOMContentLoaded',function(){
  var boxes=document.querySelectorAll('[data-muni-search]');for(var i=0;i<boxes.length;i++)boxes[i].hidden=false;
});
document.addEventListener('input',function(e){
  var t=e.target;if(t&&t.getAttribute&&t.getAttribute('data-muni-filter'))muniFilter(t);
});
document.addEventListener('keydown',function(e){
  var t=e.target;if(e.key==='Enter'&&!e.isComposing&&t&&t.getAttribute&&t.getAttribute('data-muni-filter'))e.preventDefault();
});
document.addEventListener('change',function(e){
  var t=e.target;if(!t||!t.closest)return;
  if(t.getAttribute('data-muni-add')){muniAdd(t);return;}
  var g=t.closest('.muni-group');if(g&&t.type==='checkbox')muniCount(g);
});
document.addEventListener('input',function(e){
  var t=e.target;if(!t||t.tagName!=='TEXTAREA'||!t.id)return;
  var count=document.getElementById(t.id+'-count');if(count)count.textContent=String(t.value.length);
});
})();
`;
